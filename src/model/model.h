/* model/model.h - what a digest says about a range of the archive
 *
 * The model reads the index rows of a range and builds an ld_digest: the
 * totals, who posted patches from which domains, and the patch series with
 * the commit messages a reader should see.  Renderers in report/ read an
 * ld_digest and nothing else.
 *
 * An ld_digest is a single-owner tree: ld_digest_free() frees everything
 * reachable from it.
 */
#ifndef LD_MODEL_H
#define LD_MODEL_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "index/index.h"
#include "util/oid.h"

/* A row of a "top N" table. */
typedef struct ld_count {
	char *key;    /* the domain, or the lower-cased address */
	char *name;   /* contributors: the display name ("" when none) */
	char *email;  /* contributors: the address as most often written */
	size_t count;
} ld_count;

typedef struct ld_series ld_series;

/* One message of a series. */
typedef struct ld_series_msg {
	ld_series *series;     /* the series it belongs to (borrowed) */
	char *message_id;
	char *subject;         /* the whole decoded subject */
	char *title;           /* the subject without its tags */
	ld_person sender;      /* header From */
	int number;            /* 0 for the cover letter */
	ld_oid blob;
	char *commit_message;  /* only for the messages the report prints */
} ld_series_msg;

/* Where a series stands against what the archive held before it. */
typedef enum {
	LD_SERIES_NEW = 0,      /* no earlier version known */
	LD_SERIES_REVISION = 1, /* a later version of an earlier series */
	LD_SERIES_RESEND = 2    /* the same version again, or RESEND */
} ld_series_status;

/* Stable names: "new", "revision", "resend". */
const char *ld_series_status_name(ld_series_status status);

/* A trailer credited to someone: a review given in a reply of the range,
 * or one carried inside a patch (its history). */
typedef struct ld_review {
	char *trailer;         /* "Reviewed-by", "Acked-by", ... */
	ld_person who;         /* the person the trailer names */
	char *message_id;      /* the reply (or patch) that carries it */
	int patch_number;      /* what it answers: 0 = cover, whole series */
} ld_review;

struct ld_series {
	char *title;           /* the cover's title, else patch 1's */
	char *subject;         /* that message's whole decoded subject */
	char *tags;            /* tree names and such ("net-next") */
	int version;
	int total;
	bool rfc;
	bool resend;
	ld_person author;      /* in-body author of that message */
	ld_person sender;      /* its header From */
	int64_t date;          /* earliest Date of the series' messages */
	ld_series_msg *cover;  /* NULL without a cover letter */
	GPtrArray *patches;    /* ld_series_msg *, by number */
	GPtrArray *printed;    /* ld_series_msg *, borrowed: the cover, then
				* the first patch: what a reader sees */
	GArray *missing;       /* int: numbers 1..total not received */
	bool complete;         /* every number 1..total received */
	ld_series_status status;
	int prev_version;      /* for a revision or resend with a known */
	int64_t prev_date;     /* earlier version: its version, Date, */
	char *prev_message_id; /* Message-ID and how it was found */
	const char *matched_by;/* "change-id", "link", "title"; NULL: none */
	size_t replies;        /* replies in the range answering it */
	GPtrArray *participants; /* ld_person *: distinct repliers */
	GPtrArray *reviews;    /* ld_review *: trailers given in replies */
	GPtrArray *history;    /* ld_review *: trailers inside its patches */
	ld_pos first_pos;      /* where its first message sits */
	char *change_id;       /* b4's change-id of its messages, or "" */
	char *prev_ids;        /* Message-IDs of earlier versions its cover
				* (or first patch) links to, or "" */
};

typedef struct ld_totals {
	size_t messages;       /* distinct messages counted in the range */
	size_t patches;
	size_t cover_letters;
	size_t replies;
	size_t other;
	size_t series;
	size_t unreadable;     /* blobs that could not be read */
	size_t purged;         /* empty blobs */
	size_t duplicates;     /* same blob or Message-ID seen before */
	size_t removed;        /* added in range, then removed by a "d" */
	size_t skipped;        /* blobs that are not messages */
	size_t pull_requests;
} ld_totals;

/* A pull request of the range. */
typedef struct ld_pull_request {
	char *message_id;
	char *subject;
	ld_person sender;
	int64_t date;
	char *url;             /* "" when the mail holds no request-pull text */
	char *ref;
	char *base;
	int authors;           /* authors in its shortlog */
} ld_pull_request;

typedef struct ld_digest {
	char *list;            /* "KVM" */
	bool is_git;           /* the range has commits (from, to) */
	bool has_from;         /* false: the range starts at the beginning */
	ld_oid from;
	ld_oid to;
	int64_t since;         /* --since (inclusive), or LD_NO_SINCE */
	int64_t until;         /* --until (exclusive), or LD_NO_UNTIL */
	int64_t first_date;    /* the oldest and newest Date of the */
	int64_t last_date;     /* messages counted, or 0 */
	int top;               /* N of the top-N tables */
	ld_totals totals;
	GPtrArray *top_domains;      /* ld_count *, at most `top` */
	GPtrArray *top_contributors; /* ld_count *, at most `top` */
	GPtrArray *series;           /* ld_series *, in order of arrival */
	GPtrArray *pulls;            /* ld_pull_request *, in order */
	GPtrArray *warnings;         /* char *: one line per problem */
} ld_digest;

typedef struct ld_model_options {
	int top;                 /* length of the tables */
	bool is_git;             /* from_oid/to_oid name commits */
	int64_t since;           /* count only Date >= since */
	int64_t until;           /* count only Date < until */
	const char *list_name;   /* NULL: from the List-Id, else archive_name */
	const char *archive_name;
} ld_model_options;

/* No date limit.  (0 is a real date: 1970-01-01.) */
#define LD_NO_SINCE INT64_MIN
#define LD_NO_UNTIL INT64_MAX

#define LD_MODEL_OPTIONS_INIT { 15, true, LD_NO_SINCE, LD_NO_UNTIL, NULL, NULL }

/*
 * Build the digest of the commits after `from` (NULL: from the start) up to
 * and including `to`.  `from_oid`/`to_oid` are the range's ends as the user
 * named them (from_oid NULL with from NULL).  Returns LD_OK or LD_ERROR.
 */
int ld_model_build(ld_digest **out, ld_index *idx, const ld_pos *from,
		   const ld_oid *from_oid, const ld_pos *to,
		   const ld_oid *to_oid, const ld_model_options *opts);
void ld_digest_free(ld_digest *digest);

/* "Name <addr>" as reports show a person: the address's local part stands
 * in for a missing name.  Returns a new string (g_free). */
char *ld_person_display(const ld_person *person);

#endif
