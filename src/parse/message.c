/* parse/message.c - (being written) */
#include "parse/parse.h"
