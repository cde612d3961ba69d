/* index/update.c - (being written) */
#include "index/index.h"
