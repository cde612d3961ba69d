#ifndef LD_SOURCE_H
#define LD_SOURCE_H
#endif
