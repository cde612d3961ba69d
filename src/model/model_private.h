/* model/model_private.h - what the files of model/ share among them */
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
	ld_person author;      /* after the mailmap */
	char *author_address;  /* the author's address as written: domains
				* and organisations go by what was written
				* on the day, not by the person's canonical
				* address */
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
 * members they answer, with their review trailers.  A reply from one of
 * `bots` (NULL: none) never counts as a first response. */
void ld_model__reviews(GHashTable *by_mid, GPtrArray *replies,
		       ld_bots *bots);

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

/* Messages per UTC day of `msgs` (ld_model__msg *, every kind; removed
 * ones skipped), into d->stats.per_day (stats.c). */
void ld_model__per_day(ld_digest *d, GPtrArray *msgs);

/*
 * The people tables of `msgs` (every counted message, archive order):
 * domains, contributors and organisations of the patches and cover
 * letters, participants, first-time authors (from the index), and the
 * totals of authors and participants.  `bots` (NULL: keep them) are left
 * out of all of them.  Returns LD_OK or LD_ERROR (people.c).
 */
int ld_model__people(ld_digest *d, GPtrArray *msgs, ld_index *idx,
		     const ld_model_options *opts, ld_bots *bots);

/* The busiest threads of `msgs` into d->stats.busiest_threads; `bots`
 * (NULL: keep them) are neither counted nor listed (threads.c). */
void ld_model__threads(ld_digest *d, GPtrArray *msgs, ld_bots *bots);

/* A people or plain "top N" table being counted (tally.c). */
typedef struct ld_model__tally ld_model__tally;

ld_model__tally *ld_model__tally_new(void);
void ld_model__tally_free(ld_model__tally *t);
/* Count one for `key`; returns its row. */
ld_count *ld_model__tally_key(ld_model__tally *t, const char *key);
/* Count one for the person, keyed by ld_model__person_key(). */
void ld_model__tally_person(ld_model__tally *t, const ld_person *p);
size_t ld_model__tally_size(const ld_model__tally *t);
/* Hand out the rows, by count descending (ties by name, then key), at
 * most `top` (-1: all); the tally is left empty. */
GPtrArray *ld_model__tally_top(ld_model__tally *t, int top);
/* A person's key: the lower-cased address, else the name.  (g_free) */
char *ld_model__person_key(const ld_person *p);

#endif
