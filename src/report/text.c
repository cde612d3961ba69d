/* report/text.c - (being written) */
#include "report/report.h"
