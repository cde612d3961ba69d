/* fuzz/fuzz_subject.c - ld_subject_parse() on arbitrary text
 *
 * The input is the subject as ld_parse_message() would hand it over
 * (decoded and unfolded), cut at its first NUL.  Whatever it holds, the
 * title and tags are clean UTF-8 (the subject is cleaned first), the
 * version is a count and number/total are -1 or counts.
 */
#include "fuzz.h"

#include "parse/parse.h"
#include "parse/parse_private.h"

void ld_fuzz_subject_init(void)
{
	if (!ld_parse__options())
		ld_parse_init();
}

int ld_fuzz_subject(const uint8_t *data, size_t size)
{
	char *text = ld_fuzz_cstring(data, size);
	ld_subject s;

	ld_subject_parse(&s, text);
	ld_fuzz_check_clean(s.title, false);
	ld_fuzz_check_clean(s.tags, false);
	FUZZ_CHECK(strlen(s.title) <= 3 * strlen(text) + 3);
	FUZZ_CHECK(s.version >= 0);
	FUZZ_CHECK(s.number >= -1 && s.total >= -1);
	FUZZ_CHECK((s.number == -1) == (s.total == -1));
	FUZZ_CHECK((s.flags & ~(unsigned)(LD_SUBJ_REPLY | LD_SUBJ_PATCH |
					  LD_SUBJ_RFC | LD_SUBJ_RESEND |
					  LD_SUBJ_PULL)) == 0);
	ld_subject_clear(&s);
	FUZZ_CHECK(s.title == NULL && s.tags == NULL);
	g_free(text);
	return 0;
}

LD_FUZZ_ENTRY(subject)
