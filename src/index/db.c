/* index/db.c - (being written) */
#include "index/index.h"
