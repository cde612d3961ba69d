/* source/mbox.c - (being written) */
#include "source/source.h"

#include "source/source_private.h"
#include "util/error.h"

int ld_source__mbox_open(ld_source *src, const char *path,
			 ld_mbox_format format)
{
	ld_error_set("%s: mbox sources are not supported yet", path);
	return LD_EINVALID;
}
