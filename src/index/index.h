#ifndef LD_INDEX_H
#define LD_INDEX_H
#endif
