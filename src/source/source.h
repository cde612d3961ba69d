/* source/source.h - where raw messages come from
 *
 * A source is a public-inbox v2 archive: either one epoch (a bare git
 * repository such as kvm/git/0.git) or an inbox directory holding
 * git/0.git, git/1.git, ...  The epochs are read in numeric order as one
 * history; each commit on an epoch's first-parent line adds one message
 * (blob "m" in its tree) or removes one (blob "d").
 *
 * An ld_source is used from one thread.  Blob reading happens through
 * ld_source_reader objects, one per thread, each with its own repository
 * handles, because libgit2 repositories are not meant to be shared.
 */
#ifndef LD_SOURCE_H
#define LD_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/oid.h"

typedef struct ld_source ld_source;
typedef struct ld_source_reader ld_source_reader;

/* The kinds of archive a source can be. */
typedef enum {
	LD_SOURCE_AUTO = 0,  /* detect from the path */
	LD_SOURCE_V2,        /* public-inbox v2 inbox or epoch */
	LD_SOURCE_V1,        /* public-inbox v1 repository */
	LD_SOURCE_MBOX,      /* mbox file (any variant, .gz, "-" = stdin) */
	LD_SOURCE_MAILDIR    /* Maildir with cur/ and new/ */
} ld_source_type;

/* The mbox variants.  AUTO: mboxcl2 when Content-Length headers delimit
 * the messages exactly, else mboxrd (what lore and public-inbox serve). */
typedef enum {
	LD_MBOX_AUTO = 0,
	LD_MBOX_RD,          /* ">From " quoting, undone one level */
	LD_MBOX_O,           /* "From " quoted as ">From ", ">>From " kept */
	LD_MBOX_CL,          /* Content-Length, and mboxo quoting */
	LD_MBOX_CL2          /* Content-Length, no quoting */
} ld_mbox_format;

/* "v2", "v1", "mbox", "maildir"; parse one back (LD_SOURCE_AUTO and
 * false for an unknown name). */
const char *ld_source_type_name(ld_source_type type);
bool ld_source_type_parse(ld_source_type *out, const char *name);

/* What a commit's tree holds. */
typedef enum {
	LD_ENTRY_NONE = 0, /* neither "m" nor "d" (e.g. an empty tree) */
	LD_ENTRY_ADD = 1,  /* "m": a message was added */
	LD_ENTRY_DEL = 2   /* "d": the message with this blob was removed */
} ld_entry_kind;

/* A revision resolved to one epoch. */
typedef struct ld_rev {
	size_t epoch;
	ld_oid oid;
} ld_rev;

/* Call once from the main thread before using any source. */
void ld_source_init(void);
void ld_source_shutdown(void);

/*
 * Open `path` as `type` (LD_SOURCE_AUTO: detect): a v2 inbox directory
 * with git/N.git epochs or one epoch, a v1 repository, an mbox file (also
 * gzip-compressed; "-" reads standard input) or a Maildir.  Returns LD_OK,
 * LD_ENOTFOUND when the path does not exist, LD_EINVALID when it is none of
 * these, or LD_ERROR.
 *
 * mbox and Maildir sources have one epoch whose "commits" are their
 * messages in file order (Maildir: by file name), each named by the SHA-1
 * of its bytes; they cannot resolve revisions.
 */
int ld_source_open(ld_source **out, const char *path, ld_source_type type,
		   ld_mbox_format mbox_format);
void ld_source_free(ld_source *src);

ld_source_type ld_source_get_type(const ld_source *src);

/* Whether the source is a git repository (v1 or v2): revisions and a
 * persistent index make sense only then. */
bool ld_source_is_git(const ld_source *src);

size_t ld_source_epoch_count(const ld_source *src);

/* The archive's name for reports: the inbox directory's base name, or for a
 * bare epoch "kvm" from ".../kvm/git/0.git" (else the repository's own base
 * name without ".git").  Borrowed, valid until ld_source_free(). */
const char *ld_source_name(const ld_source *src);

/* The git directory of epoch `epoch`.  Borrowed. */
const char *ld_source_epoch_path(const ld_source *src, size_t epoch);

/* The tip (HEAD) of epoch `epoch`.  LD_ENOTFOUND for an empty epoch. */
int ld_source_epoch_tip(ld_oid *out, ld_source *src, size_t epoch);

/*
 * Resolve a revision expression (anything git_revparse_single accepts:
 * abbreviated hashes, X^, HEAD~100) to a commit.  Epochs are tried from the
 * newest to the oldest and the first that resolves it wins, so "HEAD" is the
 * archive's tip.  LD_ENOTFOUND with a message naming `spec` otherwise.
 */
int ld_source_resolve(ld_rev *out, ld_source *src, const char *spec);

/*
 * The newest commit that `commit` shares with some epoch's current history
 * (git's merge base), for a range whose start was rewritten away.
 * LD_ENOTFOUND when there is none (or `commit` is gone).
 */
int ld_source_merge_base(ld_rev *out, ld_source *src, const ld_oid *commit);

/*
 * List the first-parent history of epoch `epoch` from its tip back to, but
 * excluding, `stop` (NULL: to the root), oldest first.  *out is a g_new
 * array of *count oids, owned by the caller.  When `trees` is not NULL,
 * *trees becomes a parallel array of each commit's tree for
 * ld_source_read() (NULL for sources that are not git).  Returns
 * LD_ENOTFOUND when `stop` is not on that history (it was rewritten);
 * *out is then NULL.
 */
int ld_source_list_commits(ld_oid **out, ld_oid **trees, size_t *count,
			   ld_source *src, size_t epoch, const ld_oid *stop);

/*
 * The same history as ld_source_list_commits() without `stop`, newest
 * first and one commit at a time, so that the caller can start on the
 * newest while older ones are still being found: cb(commit, tree,
 * payload) for each, `tree` NULL for sources that are not git.  A
 * non-zero return from `cb` ends the walk and is returned.
 */
typedef int (*ld_source_commit_cb)(const ld_oid *commit, const ld_oid *tree,
				   void *payload);
int ld_source_walk_commits(ld_source *src, size_t epoch,
			   ld_source_commit_cb cb, void *payload);

/* A reader for one thread.  It may outlive no ld_source. */
int ld_source_reader_new(ld_source_reader **out, ld_source *src);
void ld_source_reader_free(ld_source_reader *reader);

/*
 * Look at commit `commit` of epoch `epoch`: set *kind and *blob from its
 * tree and, for LD_ENTRY_ADD, point *data and *len at the blob's bytes
 * (borrowed, valid until the next call on this reader).  `tree` is the
 * commit's tree as ld_source_list_commits() gave it, or NULL to read the
 * commit for it.  Returns LD_ERROR with a message naming what could not
 * be read (the commit, its tree or its blob); *kind and *blob are still
 * set when they were known.
 */
int ld_source_read(ld_source_reader *reader, size_t epoch,
		   const ld_oid *commit, const ld_oid *tree,
		   ld_entry_kind *kind, ld_oid *blob, const char **data,
		   size_t *len);

#endif
