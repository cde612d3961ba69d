/* model/revisions.c - link each series to its earlier version
 *
 * Earlier versions are searched in the whole archive before the series'
 * first message, through the index, in this order of trust:
 * 1. the same b4 change-id;
 * 2. a Message-ID the cover letter (or first patch) links to as an earlier
 *    version ("v1: https://lore.kernel.org/r/ID/", "Link to v2: ...");
 * 3. the same author address and the same title (case and whitespace
 *    folded, tags stripped) with a version no higher; the address as
 *    written first, then the mailmap's canonical one.
 * A match with a lower version makes the series a revision; one with the
 * same version (or a RESEND tag) a resend.  By title, the same version
 * counts as a resend only for the same branch: "[PATCH AUTOSEL 5.1 24/375]"
 * or "[PATCH 6.1.y]" carry someone's earlier patch to a stable tree, and
 * are new there, not a resend of the original.
 *
 * Owns nothing: it sets fields of the series it is given.
 */
#include "model/model.h"

#include <string.h>

#include "model/model_private.h"
#include "util/error.h"

const char *ld_series_status_name(ld_series_status status)
{
	switch (status) {
	case LD_SERIES_REVISION:
		return "revision";
	case LD_SERIES_RESEND:
		return "resend";
	default:
		return "new";
	}
}

/* Of the linked Message-IDs that are earlier messages, the one with the
 * highest version (a v3 often links to both v1 and v2). */
static int find_link(ld_index_hit *best, ld_index *idx, const ld_series *s)
{
	char **ids = g_strsplit(s->prev_ids, " ", -1);
	ld_index_hit hit;
	int error = LD_ENOTFOUND, rc, i;

	memset(best, 0, sizeof(*best));
	for (i = 0; ids[i]; i++) {
		if (!*ids[i])
			continue;
		rc = ld_index_find_message(&hit, idx, ids[i], &s->first_pos);
		if (rc == LD_ERROR) {
			error = rc;
			break;
		}
		/* "Previous series: ..." may point at a later version. */
		if (rc == LD_OK && hit.version > s->version) {
			ld_index_hit_clear(&hit);
			continue;
		}
		if (rc == LD_OK && (error == LD_ENOTFOUND ||
				    hit.version > best->version)) {
			ld_index_hit_clear(best);
			*best = hit;
			error = LD_OK;
		} else if (rc == LD_OK) {
			ld_index_hit_clear(&hit);
		}
	}
	g_strfreev(ids);
	if (error == LD_ERROR)
		ld_index_hit_clear(best);
	return error;
}

/* The tag tokens naming a stable branch or backport: those holding a
 * digit ("5.1", "6.1.y") and AUTOSEL. */
static char *branch_key(const char *tags)
{
	char **tok = g_strsplit(tags ? tags : "", " ", -1);
	GString *key = g_string_new(NULL);
	int i;

	for (i = 0; tok[i]; i++)
		if (strpbrk(tok[i], "0123456789") ||
		    g_ascii_strcasecmp(tok[i], "AUTOSEL") == 0)
			g_string_append_printf(key, "%s ", tok[i]);
	g_strfreev(tok);
	return g_string_free(key, FALSE);
}

static bool same_branch(const char *a, const char *b)
{
	char *ka = branch_key(a), *kb = branch_key(b);
	bool same = g_ascii_strcasecmp(ka, kb) == 0;

	g_free(ka);
	g_free(kb);
	return same;
}

/* By `address` and title; a same-version hit on another branch is no
 * resend, so the version before it is tried instead. */
static int find_title(ld_index_hit *hit, ld_index *idx, const ld_series *s,
		      const char *address)
{
	int error = ld_index_find_title(hit, idx, address, s->title,
					&s->first_pos, s->version);

	if (error == LD_OK && hit->version == s->version &&
	    !same_branch(hit->tags, s->tags)) {
		ld_index_hit_clear(hit);
		error = s->version > 1 ?
			ld_index_find_title(hit, idx, address, s->title,
					    &s->first_pos, s->version - 1) :
			LD_ENOTFOUND;
	}
	return error;
}

static int find_previous(ld_index_hit *hit, const char **how,
			 ld_index *idx, const ld_series *s)
{
	int error = LD_ENOTFOUND;

	if (*s->change_id) {
		error = ld_index_find_change_id(hit, idx, s->change_id,
						&s->first_pos, s->version);
		*how = "change-id";
	}
	if (error == LD_ENOTFOUND && *s->prev_ids) {
		error = find_link(hit, idx, s);
		*how = "link";
	}
	if (error == LD_ENOTFOUND && *s->title) {
		*how = "title";
		/* The index holds addresses as written; with a mailmap the
		 * earlier version may be under the canonical one. */
		error = find_title(hit, idx, s, s->author_address);
		if (error == LD_ENOTFOUND &&
		    g_ascii_strcasecmp(s->author_address, s->author.email))
			error = find_title(hit, idx, s, s->author.email);
	}
	return error;
}

/* The copy of `hit`'s message that counts is its first: a redelivery
 * later carries another Date. */
static int first_copy(ld_index_hit *hit, ld_index *idx, const ld_series *s)
{
	ld_index_hit first;
	int error;

	if (!*hit->message_id)
		return LD_OK;
	error = ld_index_find_message(&first, idx, hit->message_id,
				      &s->first_pos);
	if (error == LD_OK) {
		ld_index_hit_clear(hit);
		*hit = first;
	} else if (error == LD_ERROR) {
		ld_index_hit_clear(hit);
		return error;
	}
	return LD_OK;
}

int ld_model__revisions(GPtrArray *series, ld_index *idx)
{
	guint i;

	for (i = 0; i < series->len; i++) {
		ld_series *s = g_ptr_array_index(series, i);
		ld_index_hit hit;
		const char *how = NULL;
		int error = find_previous(&hit, &how, idx, s);

		if (error == LD_ERROR)
			return error;
		if (error == LD_OK)
			error = first_copy(&hit, idx, s);
		if (error == LD_ERROR)
			return error;
		if (error == LD_OK) {
			s->status = hit.version < s->version ?
				    LD_SERIES_REVISION : LD_SERIES_RESEND;
			s->prev_version = hit.version;
			s->prev_date = hit.date;
			s->prev_message_id = g_strdup(hit.message_id);
			s->matched_by = how;
			ld_index_hit_clear(&hit);
		}
		if (s->resend)
			s->status = LD_SERIES_RESEND;
	}
	return LD_OK;
}
