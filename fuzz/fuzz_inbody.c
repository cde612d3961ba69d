/* fuzz/fuzz_inbody.c - the in-body From and the commit-message cut
 *
 * ld_parse_inbody_from() and ld_parse_commit_message() on one body, as
 * ld_parse_message() calls them on the text it decoded (there always valid
 * UTF-8 with LF line ends; here any bytes up to the first NUL, which both
 * must survive).  The in-body From, when found, is a clean person; the
 * commit message is a slice of the body, never longer than it.
 */
#include "fuzz.h"

#include "parse/parse.h"
#include "parse/parse_private.h"

void ld_fuzz_inbody_init(void)
{
	if (!ld_parse__options())
		ld_parse_init();
}

int ld_fuzz_inbody(const uint8_t *data, size_t size)
{
	char *body = ld_fuzz_cstring(data, size);
	ld_person who = { NULL, NULL };
	char *msg;
	size_t len = strlen(body), mlen;

	if (ld_parse_inbody_from(&who, body)) {
		ld_fuzz_check_clean(who.name, false);
		ld_fuzz_check_clean(who.email, false);
	} else {
		FUZZ_CHECK(who.name == NULL && who.email == NULL);
	}
	ld_person_clear(&who);

	msg = ld_parse_commit_message(body);
	FUZZ_CHECK(msg != NULL);
	mlen = strlen(msg);
	FUZZ_CHECK(mlen <= len);
	/* the cut keeps a slice of the body: no byte is made up */
	FUZZ_CHECK(mlen == 0 || memmem(body, len, msg, mlen) != NULL);
	g_free(msg);
	g_free(body);
	return 0;
}

LD_FUZZ_ENTRY(inbody)
