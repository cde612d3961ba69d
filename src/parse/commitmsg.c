/* parse/commitmsg.c - (being written) */
#include "parse/parse.h"
