#ifndef LD_MODEL_H
#define LD_MODEL_H
#endif
