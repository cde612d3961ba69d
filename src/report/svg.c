/* report/svg.c - placeholder, being written */
#include "report/report.h"
