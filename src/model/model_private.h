/* model/model_private.h - what digest.c shares with series.c */
#ifndef LD_MODEL_PRIVATE_H
#define LD_MODEL_PRIVATE_H

#include "model/model.h"

/* A counted patch, cover letter, reply or pull request, copied out of an
 * index row. */
typedef struct ld_model__msg {
	ld_pos pos;
	ld_oid blob;
	ld_kind kind;
	bool removed;          /* a later "d" in the range removed it */
	char *message_id;
	char *subject;
	char *title;
	char *tags;
	char *in_reply_to;
	char *references;
	int version;
	int number;
	int total;
	unsigned flags;
	ld_person author;
	ld_person sender;
	int64_t date;
	char *change_id;
	char *prev_ids;
	ld_trailer *trailers;
	size_t n_trailers;
	ld_pull pull;
} ld_model__msg;

void ld_model__msg_free(gpointer msg);

/* Copy a person's strings into `out`. */
void ld_model__person_copy(ld_person *out, const ld_person *in);

/*
 * Group `msgs` (ld_model__msg *, patches and cover letters in archive
 * order, borrowed) into series, appended to `series` (ld_series *, owned
 * by it).  `by_mid` receives Message-ID -> ld_series_msg * (borrowed from
 * the series) for every member.
 */
void ld_model__assemble(GPtrArray *series, GHashTable *by_mid,
			GPtrArray *msgs);

/* Credit the replies (ld_model__msg *, archive order) to the series
 * members they answer, with their review trailers. */
void ld_model__reviews(GHashTable *by_mid, GPtrArray *replies);

/* Find each series' earlier version in the index; set status and prev. */
int ld_model__revisions(GPtrArray *series, ld_index *idx);

ld_review *ld_model__review_new(const ld_trailer *t, const char *message_id,
				int patch_number);

void ld_model__series_free(gpointer series);

/* Likely same-person pairs among the authors and senders of `msgs`
 * (ld_model__msg *), as sorted .mailmap lines (aliases.c). */
GPtrArray *ld_model__aliases(GPtrArray *msgs);

/* Fill the digest's statistics and series counts by status, once its
 * series are assembled and their replies credited (stats.c). */
void ld_model__stats(ld_digest *d);
void ld_model__stats_clear(ld_stats *stats);

#endif
