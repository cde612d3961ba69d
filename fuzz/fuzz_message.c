/* fuzz/fuzz_message.c - ld_parse_message() on arbitrary bytes
 *
 * The whole parse stage behind one call: GMime's MIME parser, the header
 * filter, charset conversion, the subject tags, the body scan (trailers,
 * links, change-id, request-pull), the kind, the in-body From and, with
 * LD_PARSE_COMMIT_MESSAGE, the commit-message cut, or with
 * LD_PARSE_HEADERS_ONLY the header block alone.  Either the input is
 * refused with LD_EINVALID and no mail, or every string of the ld_mail
 * keeps parse.h's promises.  ld_parse_init() runs once, before the first
 * input, as the main thread of listdigest does.
 */
#include "fuzz.h"

#include "parse/parse.h"
#include "parse/parse_private.h"
#include "util/error.h"

void ld_fuzz_message_init(void)
{
	if (!ld_parse__options())
		ld_parse_init();
}

static void check_person(const ld_person *p)
{
	ld_fuzz_check_clean(p->name, false);
	ld_fuzz_check_clean(p->email, false);
}

int ld_fuzz_message(const uint8_t *data, size_t size)
{
	unsigned flags = LD_PARSE_COMMIT_MESSAGE;
	ld_mail *m = NULL;
	size_t i;
	int error;

	/* The last byte's low bit picks the --max-message-size path, so
	 * both are fuzzed from the same corpus. */
	if (size && (data[size - 1] & 1))
		flags |= LD_PARSE_HEADERS_ONLY;
	error = ld_parse_message(&m, (const char *)data, size, flags);
	if (error != LD_OK) {
		FUZZ_CHECK(error == LD_EINVALID);
		FUZZ_CHECK(m == NULL);
		return 0;
	}
	FUZZ_CHECK(m != NULL);
	ld_fuzz_check_clean(m->message_id, false);
	ld_fuzz_check_clean(m->subject, false);
	ld_fuzz_check_clean(m->subj.title, false);
	ld_fuzz_check_clean(m->subj.tags, false);
	ld_fuzz_check_clean(m->in_reply_to, false);
	ld_fuzz_check_clean(m->references, false);
	ld_fuzz_check_clean(m->list_id, false);
	ld_fuzz_check_clean(m->change_id, false);
	ld_fuzz_check_clean(m->prev_ids, false);
	check_person(&m->sender);
	check_person(&m->author);
	FUZZ_CHECK(m->date >= 0);
	FUZZ_CHECK(m->kind >= LD_KIND_OTHER && m->kind <= LD_KIND_PULL);
	FUZZ_CHECK(m->subj.version >= 0);
	FUZZ_CHECK(m->subj.number >= -1 && m->subj.total >= -1);
	if (m->commit_message)
		ld_fuzz_check_clean(m->commit_message, true);
	FUZZ_CHECK(m->commit_message == NULL || m->kind == LD_KIND_PATCH ||
		   m->kind == LD_KIND_COVER);
	FUZZ_CHECK((m->trailers == NULL) == (m->n_trailers == 0));
	FUZZ_CHECK(m->headers_only == ((flags & LD_PARSE_HEADERS_ONLY) != 0));
	FUZZ_CHECK(!m->headers_only ||
		   (!m->commit_message && !m->n_trailers && !m->has_diff));
	for (i = 0; i < m->n_trailers; i++) {
		ld_fuzz_check_clean(m->trailers[i].name, false);
		check_person(&m->trailers[i].who);
	}
	ld_fuzz_check_clean(m->pull.url, false);
	ld_fuzz_check_clean(m->pull.ref, false);
	ld_fuzz_check_clean(m->pull.base, false);
	FUZZ_CHECK(m->pull.authors >= 0);
	ld_mail_free(m);
	return 0;
}

LD_FUZZ_ENTRY(message)
