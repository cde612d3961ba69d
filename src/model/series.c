/* model/series.c - (being written) */
#include "model/model.h"
