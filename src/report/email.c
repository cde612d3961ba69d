/* report/email.c - placeholder, being written */
#include "report/report.h"

#include "util/error.h"

int ld_report_email(FILE *out, const ld_digest *digest,
		 const ld_report_options *opts)
{
	(void)out;
	(void)digest;
	(void)opts;
	ld_error_set("--format email is not written yet");
	return LD_ERROR;
}

int ld_report_email_check(const ld_report_options *opts)
{
	(void)opts;
	return LD_OK;
}
