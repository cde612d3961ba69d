/* report/markdown.c - placeholder, being written */
#include "report/report.h"

#include "util/error.h"

int ld_report_markdown(FILE *out, const ld_digest *digest,
		 const ld_report_options *opts)
{
	(void)out;
	(void)digest;
	(void)opts;
	ld_error_set("--format markdown is not written yet");
	return LD_ERROR;
}
