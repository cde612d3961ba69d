/* parse/kind.c - (being written) */
#include "parse/parse.h"
