/* parse/kind.c - decide whether a message is a patch, a cover letter or a
 * reply
 *
 * The decision uses only facts the rest of the stage has already worked
 * out (subject tags, "has a diff", threading headers), so it lives apart
 * from the MIME code and can be tested without a message.
 *
 * Owns nothing; hands out static strings.
 */
#include "parse/parse.h"
#include "parse/parse_private.h"

const char *ld_kind_name(ld_kind kind)
{
	switch (kind) {
	case LD_KIND_PATCH:
		return "patch";
	case LD_KIND_COVER:
		return "cover";
	case LD_KIND_REPLY:
		return "reply";
	case LD_KIND_OTHER:
	default:
		return "other";
	}
}

ld_kind ld_parse__kind(const ld_subject *subj, bool has_diff,
		       bool threaded)
{
	bool reply = (subj->flags & LD_SUBJ_REPLY) != 0;

	/* Patches of a series answer their cover letter, so In-Reply-To
	 * alone never makes a reply of a patch or a cover letter. */
	if (!reply && subj->number == 0)
		return LD_KIND_COVER;
	if (!reply && (subj->flags & LD_SUBJ_PATCH) && has_diff)
		return LD_KIND_PATCH;
	if (reply || threaded)
		return LD_KIND_REPLY;
	return LD_KIND_OTHER;
}
