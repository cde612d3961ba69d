/* source/maildir.c - (being written) */
#include "source/source.h"

#include "source/source_private.h"
#include "util/error.h"

int ld_source__maildir_open(ld_source *src, const char *path)
{
	ld_error_set("%s: Maildir sources are not supported yet", path);
	return LD_EINVALID;
}
