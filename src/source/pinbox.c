/* source/pinbox.c - (being written) */
#include "source/source.h"
