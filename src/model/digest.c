/* model/digest.c - (being written) */
#include "model/model.h"
