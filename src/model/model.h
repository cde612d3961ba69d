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
#include "source/mailmap.h"
#include "util/oid.h"

/*
 * An organisation map in gitdm's EmailMap format: one rule per line,
 * "domain Org" or "user@domain Org", optionally followed by "< YYYY-MM-DD"
 * (the rule applies to messages dated before that day, UTC); "#" starts a
 * comment.  A domain rule also covers its subdomains unless a more
 * specific rule exists; an address rule beats any domain rule (orgmap.c).
 */
typedef struct ld_orgmap ld_orgmap;

/* Parse the rules in `text` (NUL-terminated); `origin` names it in error
 * messages.  Returns LD_OK, or LD_EINVALID for a malformed line. */
int ld_orgmap_parse(ld_orgmap **out, const char *text, const char *origin);

/* Read the map in `path`; "default" is the map shipped in data/orgmap
 * (LD_DATADIR).  Returns LD_OK, LD_ENOTFOUND or LD_EINVALID. */
int ld_orgmap_open(ld_orgmap **out, const char *path);

/* The organisation of `email` for a message dated `date` (seconds since
 * the epoch), or NULL when no rule covers it.  Borrowed from the map. */
const char *ld_orgmap_lookup(const ld_orgmap *map, const char *email,
			     int64_t date);

void ld_orgmap_free(ld_orgmap *map);

/*
 * A bots list: one pattern per line, an address (lkp@intel.com), a whole
 * domain (*@kernelci.org) or any glob with "*" and "?"
 * (syzbot*@syzkaller.appspotmail.com); "#" starts a comment; case is
 * ignored.  Built in, whatever the lists say: the kernel test robot,
 * syzbot, patchwork-bot, pr-tracker-bot and noreply / no-reply senders
 * (bots.c).
 */
typedef struct ld_bots ld_bots;

/* The built-in patterns only. */
ld_bots *ld_bots_new(void);

/* Add the patterns in `text` (NUL-terminated). */
void ld_bots_add(ld_bots *bots, const char *text);

/* The built-in patterns, those of data/bots (LD_DATADIR; skipped when the
 * file is missing) and those of `extra` (NULL: none; unreadable is
 * LD_ENOTFOUND).  Returns LD_OK or LD_ENOTFOUND. */
int ld_bots_open(ld_bots **out, const char *extra);

/* Whether `email` matches a pattern.  Answers are remembered per address,
 * so one ld_bots must not be asked from several threads at once. */
bool ld_bots_match(ld_bots *bots, const char *email);

void ld_bots_free(ld_bots *bots);

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
	char *author_address;  /* its address as written (before the
				* mailmap) */
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
	int64_t first_reply;   /* Date of the first reply in the range by
				* someone other than its author and sender,
				* or 0: none (stats.c) */
	bool answered;         /* such a reply exists */
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
	size_t oversized;      /* of `messages`, those counted from their
				* headers alone (over --max-message-size) */
	size_t pull_requests;
	size_t bots;           /* of `messages`, those whose sender is a
				* bot (ld_model_options.bots) */
	size_t series_new;     /* of `series`, by status */
	size_t series_revisions;
	size_t series_resends;
	size_t authors;        /* distinct in-body authors of the patches
				* and cover letters (people.c) */
	size_t participants;   /* distinct senders of the messages */
} ld_totals;

/* Someone whose first patch in the whole archive is in the range. */
typedef struct ld_newcomer {
	ld_person who;         /* canonical (mailmap) name and address */
	char *message_id;      /* that first patch */
	char *subject;
	int64_t date;
} ld_newcomer;

/* A thread of the range: its root and the messages of the range in it. */
typedef struct ld_thread {
	char *subject;         /* the root's, else its first message's,
				* without "Re:" prefixes */
	char *message_id;      /* the root's (it may be outside the range) */
	size_t replies;        /* of its messages, the replies */
	size_t messages;
	GPtrArray *participants; /* ld_person *: distinct senders, in
				  * order of their first message */
	int64_t first_date;    /* of its messages in the range, or 0 */
	int64_t last_date;
} ld_thread;

/* Messages dated on one UTC day. */
typedef struct ld_day {
	int64_t day;           /* its 00:00 UTC, seconds since the epoch */
	size_t messages;
} ld_day;

/* Statistics of the range (stats.c). */
typedef struct ld_stats {
	GPtrArray *top_reviewers;  /* ld_count *: review trailers given in
				    * replies of the range, at most `top` */
	GPtrArray *unanswered;     /* ld_series * (borrowed), in order */
	size_t answered;           /* series with a first response */
	int64_t median_response;   /* seconds; -1 when none answered */
	GPtrArray *slowest;        /* ld_series * (borrowed): answered,
				    * slowest first, at most `top` */
	GPtrArray *top_participants; /* ld_count *: messages sent, at most
				      * `top` (people.c) */
	GPtrArray *first_time_authors; /* ld_newcomer *, by first patch */
	GPtrArray *busiest_threads;  /* ld_thread *: most replies first, at
				      * most `top`, threads with a reply */
	GArray *per_day;             /* ld_day: days with messages, oldest
				      * first; undated messages are left out */
} ld_stats;

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
	GPtrArray *top_organisations; /* ld_count *, at most `top`; NULL
				       * without an organisation map */
	GPtrArray *unmapped_domains;  /* ld_count *: every domain the map
				       * does not cover; NULL without one */
	GPtrArray *aliases;          /* char *: suggested .mailmap lines;
				      * NULL unless suggest_aliases */
	GPtrArray *series;           /* ld_series *, in order of arrival */
	GPtrArray *pulls;            /* ld_pull_request *, in order */
	GPtrArray *warnings;         /* char *: one line per problem */
	ld_stats stats;
} ld_digest;

typedef struct ld_model_options {
	int top;                 /* length of the tables */
	bool is_git;             /* from_oid/to_oid name commits */
	int64_t since;           /* count only Date >= since */
	int64_t until;           /* count only Date < until */
	const char *list_name;   /* NULL: from the List-Id, else archive_name */
	const char *archive_name;
	const ld_orgmap *orgmap; /* NULL: no organisation table */
	ld_bots *bots;           /* NULL: nobody is a bot */
	bool include_bots;       /* keep bots' patches in the tables */
	const ld_mailmap *mailmap; /* NULL: every address is its own
				    * person; else applied to authors,
				    * senders and trailer names */
	bool suggest_aliases;    /* fill ld_digest.aliases */
	size_t max_message_size; /* the index's limit, named in the warning
				  * of a message parsed from its headers
				  * alone */
} ld_model_options;

/* No date limit.  (0 is a real date: 1970-01-01.) */
#define LD_NO_SINCE INT64_MIN
#define LD_NO_UNTIL INT64_MAX

#define LD_MODEL_OPTIONS_INIT { 15, true, LD_NO_SINCE, LD_NO_UNTIL, NULL, NULL, \
				NULL, NULL, false, NULL, false, 0 }

/*
 * Build the digest of the commits after `from` (NULL: from the start) up to
 * and including `to`.  `from_oid`/`to_oid` are the range's ends as the user
 * named them (from_oid NULL with from NULL).  Returns LD_OK or LD_ERROR.
 */
int ld_model_build(ld_digest **out, ld_index *idx, const ld_pos *from,
		   const ld_oid *from_oid, const ld_pos *to,
		   const ld_oid *to_oid, const ld_model_options *opts);
void ld_digest_free(ld_digest *digest);

/* Seconds from a series' date to its first reply by someone other than
 * its author and sender, or -1: none, or either Date unknown (stats.c). */
int64_t ld_series_first_response(const ld_series *s);

/* "Name <addr>" as reports show a person: the address's local part stands
 * in for a missing name.  Returns a new string (g_free). */
char *ld_person_display(const ld_person *person);

#endif
