/* parse/inbody.c - (being written) */
#include "parse/parse.h"
