/* parse/parse.h - one raw message to the decoded facts listdigest needs
 *
 * The parse stage turns the bytes of one RFC 5322 message into an ld_mail:
 * decoded (RFC 2047), unfolded, valid UTF-8 strings with no control
 * characters in header values, the subject's bracket tags, the in-body
 * author, the message kind and, on request, the commit message.
 *
 * Nothing here keeps global state beyond GMime's own initialisation, so
 * ld_parse_message() may run on several threads at once once
 * ld_parse_init() has been called from the main thread.  GMime objects never
 * leave this stage.
 */
#ifndef LD_PARSE_H
#define LD_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a message is, decided from its subject tags, threading and body. */
typedef enum {
	LD_KIND_OTHER = 0,
	LD_KIND_PATCH = 1,  /* [PATCH ...] (or [PULL n/N], n >= 1), not a
			     * reply, number != 0, has a diff */
	LD_KIND_COVER = 2,  /* number 0 ("[PATCH 0/N]"), not a reply */
	LD_KIND_REPLY = 3,  /* "Re:"-style subject, or In-Reply-To/References */
	LD_KIND_PULL = 4    /* a pull request: [GIT PULL], [PULL 0/N], or
			     * git request-pull text, not a reply */
} ld_kind;

/* Stable names for ld_kind: "other", "patch", "cover", "reply", "pull". */
const char *ld_kind_name(ld_kind kind);

/* Subject tag flags. */
enum {
	LD_SUBJ_REPLY = 1 << 0,   /* a reply prefix (Re:, Fwd:, AW:, Sv:) */
	LD_SUBJ_PATCH = 1 << 1,   /* a bracket group names PATCH */
	LD_SUBJ_RFC = 1 << 2,
	LD_SUBJ_RESEND = 1 << 3,
	LD_SUBJ_PULL = 1 << 4     /* GIT PULL or PULL */
};

/* The leading tags of a subject.  "[PATCH RFC net-next v4 01/11] x: y" gives
 * flags PATCH|RFC, version 4, number 1, total 11, tags "net-next",
 * title "x: y". */
typedef struct ld_subject {
	char *title;    /* subject without reply prefixes and leading tags */
	char *tags;     /* other tokens, space-separated ("net-next"), or "" */
	int version;    /* 1 when no vN is given */
	int number;     /* -1 when not numbered */
	int total;      /* -1 when not numbered */
	unsigned flags; /* LD_SUBJ_* */
} ld_subject;

/* Parse `subject` (already decoded and unfolded) into `out`.  Never fails:
 * a subject without tags gives version 1, number and total -1 and the whole
 * subject as the title.  Free the strings with ld_subject_clear(). */
void ld_subject_parse(ld_subject *out, const char *subject);
void ld_subject_clear(ld_subject *subj);

/* `subject` past its leading reply prefixes ("Re:", "RE :", "Re[2]:",
 * "Fwd:", "AW:", ...) and the spaces around them: a pointer into it. */
const char *ld_subject_skip_replies(const char *subject);

/* A display name and an address.  email is lower-case-preserving as written;
 * compare case-insensitively.  Either may be "" but never NULL in an
 * ld_mail. */
typedef struct ld_person {
	char *name;
	char *email;
} ld_person;

/* A trailer line ("Reviewed-by: Name <addr>") at the start of a line of
 * the message's own text (never a quoted "> " line).  Only Reviewed-by,
 * Acked-by, Tested-by and Nacked-by are collected, in that canonical
 * spelling whatever the case written. */
typedef struct ld_trailer {
	char *name;           /* "Reviewed-by" */
	ld_person who;        /* decoded; email "" when none was given */
} ld_trailer;

/* What git request-pull text says. */
typedef struct ld_pull {
	char *url;            /* "git://git.kernel.org/pub/scm/...", or "" */
	char *ref;            /* branch or tag after the URL, or "" */
	char *base;           /* "The following changes since commit X", "" */
	int authors;          /* authors in the shortlog ("Name (N):"), 0 */
} ld_pull;

/* Options for ld_parse_message(). */
enum {
	LD_PARSE_COMMIT_MESSAGE = 1 << 0, /* fill ld_mail.commit_message */
	LD_PARSE_HEADERS_ONLY = 1 << 1    /* read the header block alone, for
					   * messages over
					   * --max-message-size: see
					   * ld_parse_message() */
};

/* The decoded facts of one message.  All strings are valid UTF-8, owned by
 * the ld_mail and freed by ld_mail_free(). */
typedef struct ld_mail {
	char *message_id;     /* without angle brackets; "" when missing */
	int64_t date;         /* Date header, seconds since the epoch (UTC);
	                       * 0 when missing or unparseable */
	int tz_offset;        /* the Date header's offset in minutes east */
	ld_person sender;     /* header From */
	ld_person author;     /* in-body From when the body opens with one
	                       * and the message is not a reply (a reply
	                       * opening with "From:" quotes someone), else
	                       * a copy of sender */
	char *subject;        /* decoded and unfolded, "" when missing */
	ld_subject subj;      /* the subject's tags */
	ld_kind kind;
	bool has_diff;        /* the text holds a unified diff */
	char *in_reply_to;    /* first In-Reply-To id without <>, or "" */
	char *references;     /* References ids without <>, space-separated,
	                       * oldest first, or "" */
	char *list_id;        /* List-Id without <> ("kvm.vger.kernel.org"),
	                       * or "" */
	char *commit_message; /* with LD_PARSE_COMMIT_MESSAGE and when the
	                       * message is a patch or cover letter: see
	                       * ld_parse_commit_message(); else NULL */
	char *change_id;      /* b4's "change-id: ..." line anywhere in the
	                       * body, or "" */
	char *prev_ids;       /* Message-IDs of earlier versions the body
	                       * links to (lore URLs or <id> on lines such as
	                       * "v1: https://lore.kernel.org/r/ID/" or
	                       * "Link to v2: ..."), space-separated, or "" */
	ld_trailer *trailers; /* review trailers of the message's own text */
	size_t n_trailers;
	ld_pull pull;         /* for LD_KIND_PULL; empty strings otherwise */
	bool headers_only;    /* parsed with LD_PARSE_HEADERS_ONLY */
} ld_mail;

/* Call once from the main thread before any other ld_parse_* function. */
void ld_parse_init(void);

/* Release GMime at exit (after every thread has finished parsing). */
void ld_parse_shutdown(void);

/*
 * Parse one raw message of `len` bytes (not NUL-terminated).
 *
 * Returns LD_OK and a new ld_mail in *out; LD_EINVALID (with ld_error_set())
 * when the bytes are not a message at all (empty, or GMime finds no
 * headers), with *out NULL.  Broken MIME, unknown charsets and invalid UTF-8
 * never fail: text is converted from the declared charset, falling back to
 * UTF-8 and then Latin-1, and CRLF is normalised to LF.
 *
 * With LD_PARSE_HEADERS_ONLY only the bytes before the first empty line are
 * read (the caller also caps `len`): the body's facts stay empty, and the
 * kind comes from the subject and threading alone, so a "[PATCH n/N]" that
 * is not a reply counts as a patch although its diff was not looked at.
 * This bounds the time a huge message costs; ld_mail.headers_only says so.
 */
int ld_parse_message(ld_mail **out, const char *data, size_t len,
		     unsigned flags);
void ld_mail_free(ld_mail *mail);

/* How a message of *len bytes is parsed under the size limit `max` (0:
 * none): GMime's time grows with the message, so past the limit only the
 * header block, itself cut at the limit, is read.  Returns `flags`, with
 * LD_PARSE_HEADERS_ONLY added and *len capped at `max` when over it. */
unsigned ld_parse_limit(unsigned flags, size_t *len, size_t max);

/*
 * Split an in-body From line, as `git am` reads it, off the top of `body`
 * (LF line ends).  When the first line of the body is "From: Name <addr>"
 * (possibly RFC 2047 encoded), fill *out with the decoded name and address
 * and return true; otherwise return false and leave *out untouched.
 */
bool ld_parse_inbody_from(ld_person *out, const char *body);

/*
 * The commit message of a patch or cover letter body (UTF-8, LF line ends):
 * the body with the in-body header lines (From:, Subject:, Date: at the very
 * top) removed, but the blank line after them kept, up to and including the
 * diffstat's summary line (" 8 files changed, 26 insertions(+), 12
 * deletions(-)"); without a diffstat, up to the diff or the "-- " signature,
 * whichever comes first.  Trailing blank lines are dropped.  Returns a new
 * string (g_free).
 */
char *ld_parse_commit_message(const char *body);

/* Free a person's strings (not the struct). */
void ld_person_clear(ld_person *person);

#endif
