/* parse/kind.c - decide whether a message is a patch, a cover letter, a
 * pull request or a reply
 *
 * The decision uses only facts the rest of the stage has already worked
 * out (subject tags, "has a diff", threading headers, request-pull text),
 * so it lives apart from the MIME code and can be tested without a
 * message.
 *
 * Pull requests come as "[GIT PULL] x", as the cover of a pull series
 * ("[PULL 00/12]", as qemu sends them, whose patches "[PULL 03/12]" carry
 * diffs and count as patches), or untagged with git request-pull text.  A
 * patch series' cover letter that also offers a branch to pull ("[PATCH
 * net-next v9 0/6]" with request-pull text) stays a cover letter: its
 * patches and earlier versions belong to it.
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
	case LD_KIND_PULL:
		return "pull";
	case LD_KIND_OTHER:
	default:
		return "other";
	}
}

ld_kind ld_parse__kind(const ld_subject *subj, bool has_diff,
		       bool threaded, bool pull_text)
{
	bool reply = (subj->flags & LD_SUBJ_REPLY) != 0;
	bool pull = (subj->flags & LD_SUBJ_PULL) != 0;

	/* Patches of a series answer their cover letter, so In-Reply-To
	 * alone never makes a reply of a patch, a cover letter or a pull
	 * request. */
	if (reply)
		return LD_KIND_REPLY;
	if (pull && subj->number <= 0)
		return LD_KIND_PULL;
	if (subj->number == 0)
		return LD_KIND_COVER;
	if ((subj->flags & (LD_SUBJ_PATCH | LD_SUBJ_PULL)) && has_diff)
		return LD_KIND_PATCH;
	if (pull_text)
		return LD_KIND_PULL;
	if (threaded)
		return LD_KIND_REPLY;
	return LD_KIND_OTHER;
}
