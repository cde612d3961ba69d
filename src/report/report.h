#ifndef LD_REPORT_H
#define LD_REPORT_H
#endif
