/* model/reviews.c - replies and review trailers credited to series
 *
 * A reply is credited to the patch or cover letter it answers: its
 * In-Reply-To, else the newest of its References that is a series member,
 * else whatever the reply it answers was credited to (some mailers keep
 * only In-Reply-To).  Its review trailers (Reviewed-by, Acked-by,
 * Tested-by, Nacked-by, never quoted: parse/ only collects the message's
 * own lines) are credited to the person the trailer names; one given to
 * the cover letter (patch_number 0) applies to the whole series.
 *
 * Owns nothing: it adds to the series found through `by_mid`.
 */
#include "model/model.h"

#include <string.h>

#include "model/model_private.h"

/* The series member `ids` (space-separated, oldest first) leads to. */
static ld_series_msg *newest_member(GHashTable *by_mid, GHashTable *credited,
				    const char *ids)
{
	ld_series_msg *target = NULL;
	char **refs = g_strsplit(ids, " ", -1);
	int i;

	for (i = (int)g_strv_length(refs) - 1; i >= 0 && !target; i--) {
		if (!*refs[i])
			continue;
		target = g_hash_table_lookup(by_mid, refs[i]);
		if (!target)
			target = g_hash_table_lookup(credited, refs[i]);
	}
	g_strfreev(refs);
	return target;
}

static ld_series_msg *answered(GHashTable *by_mid, GHashTable *credited,
			       const ld_model__msg *reply)
{
	ld_series_msg *target = NULL;

	if (*reply->in_reply_to) {
		target = g_hash_table_lookup(by_mid, reply->in_reply_to);
		if (!target)
			target = g_hash_table_lookup(credited,
						     reply->in_reply_to);
	}
	return target ? target :
	       newest_member(by_mid, credited, reply->references);
}

static void add_participant(ld_series *s, const ld_person *who)
{
	ld_person *p;
	guint i;

	for (i = 0; i < s->participants->len; i++) {
		p = g_ptr_array_index(s->participants, i);
		if (g_ascii_strcasecmp(p->email, who->email) == 0)
			return;
	}
	p = g_new0(ld_person, 1);
	p->name = g_strdup(who->name);
	p->email = g_strdup(who->email);
	g_ptr_array_add(s->participants, p);
}

void ld_model__reviews(GHashTable *by_mid, GPtrArray *replies,
		       ld_bots *bots)
{
	GHashTable *credited = g_hash_table_new(g_str_hash, g_str_equal);
	guint i;
	size_t k;

	for (i = 0; i < replies->len; i++) {
		const ld_model__msg *r = g_ptr_array_index(replies, i);
		ld_series_msg *target = answered(by_mid, credited, r);
		ld_series *s;

		if (!target)
			continue;
		s = target->series;
		if (*r->message_id)
			g_hash_table_insert(credited, r->message_id, target);
		s->replies++;
		add_participant(s, &r->sender);
		/* A robot's build report is not an answer from a person. */
		if (g_ascii_strcasecmp(r->sender.email, s->sender.email) &&
		    g_ascii_strcasecmp(r->sender.email, s->author.email) &&
		    !(bots && ld_bots_match(bots, r->sender.email))) {
			s->answered = true;
			if (r->date && (!s->first_reply ||
					r->date < s->first_reply))
				s->first_reply = r->date;
		}
		for (k = 0; k < r->n_trailers; k++)
			g_ptr_array_add(s->reviews, ld_model__review_new(
					&r->trailers[k], r->message_id,
					target->number));
	}
	g_hash_table_destroy(credited);
}
