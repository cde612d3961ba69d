/* parse/subject.c - (being written) */
#include "parse/parse.h"
