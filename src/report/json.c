/* report/json.c - (being written) */
#include "report/report.h"
