/* source/sync.h - mirror a public-inbox v2 archive over the network
 *
 * A public-inbox v2 archive served at URL (https://lore.kernel.org/kvm)
 * offers its epochs as git repositories at URL/0, URL/1, ... and, from
 * public-inbox's web server, a list of them at URL/manifest.js.gz
 * (grokmirror's format: gzipped JSON mapping "/kvm/git/N.git" to
 * {"fingerprint": sha1 of `git show-ref`, "modified": ..., ...}).
 * ld_source_sync() keeps a local inbox directory DIR in step with it:
 * DIR/git/N.git are bare mirrors as `git clone --mirror` makes them
 * (every remote ref fetched to the same name, remote "origin" = URL/N),
 * which ld_source_open() reads like any other v2 inbox.
 *
 * Safety: an existing epoch is fetched in place, and libgit2 moves its refs
 * only at the end of a successful fetch, so a failed fetch leaves the
 * epoch's refs as they were; a new epoch is cloned into a temporary
 * directory beside it (DIR/git/.N.git-XXXXXX) that is renamed to N.git only
 * when the clone is complete.
 */
#ifndef LD_SOURCE_SYNC_H
#define LD_SOURCE_SYNC_H

#include <stdbool.h>
#include <stddef.h>

/* What one epoch got from a sync. */
typedef struct ld_sync_epoch {
	size_t epoch;        /* N of DIR/git/N.git */
	size_t new_commits;  /* commits added to HEAD's first-parent line:
			      * one per delivered message (or removal) */
	bool cloned;         /* the epoch was new here: a fresh clone */
	bool rewritten;      /* the old tip is not in the new history (the
			      * server purged a message); new_commits then
			      * counts the commits the old history lacks */
	bool unchanged;      /* the manifest's fingerprint equals ours: the
			      * epoch was not contacted */
} ld_sync_epoch;

/* Called once per epoch, in epoch order, after it was synced. */
typedef void (*ld_sync_epoch_cb)(const ld_sync_epoch *result,
				 void *payload);

/* Called while objects arrive for epoch `epoch`: `received` of `total`
 * objects, `bytes` so far. */
typedef void (*ld_sync_progress_cb)(size_t epoch, size_t received,
				    size_t total, size_t bytes,
				    void *payload);

typedef struct ld_sync_options {
	bool no_manifest;             /* never ask for URL/manifest.js.gz */
	ld_sync_epoch_cb epoch_done;  /* or NULL */
	ld_sync_progress_cb progress; /* or NULL */
	void *payload;
} ld_sync_options;

#define LD_SYNC_OPTIONS_INIT { false, NULL, NULL, NULL }

/*
 * Create or update the mirror DIR of the archive at `url`.  Call after
 * ld_source_init(), from one thread.
 *
 * The epochs to sync are the local ones (DIR/git/0.git, 1.git, ... up to
 * the first missing) and the remote ones.  Over HTTP(S) the remote epochs
 * come from URL/manifest.js.gz when the server has one (an epoch whose
 * fingerprint matches the local mirror's is then not fetched at all);
 * otherwise, after the local epochs were fetched, URL/N is tried for
 * N = the local count, +1, ... until one cannot be reached, which ends the
 * list.  Epoch 0 must exist: when it cannot be reached the server or the
 * URL is wrong.  `url` may also be a local inbox directory (or file://
 * URL), whose epochs are then URL/git/N.git.
 *
 * Stops at the first epoch that fails; epochs synced before it stay
 * synced.  Returns LD_OK; LD_EINVALID when `url` is empty or DIR exists
 * but is not a directory or is a non-empty directory without git/ (not a
 * mirror); LD_ERROR when the network or a repository fails (the message
 * names the epoch's URL and keeps libgit2's text).
 */
int ld_source_sync(const char *dir, const char *url,
		   const ld_sync_options *opts);

/*
 * The archive URL a mirror made by ld_source_sync() was last synced from,
 * read from DIR/git/0.git's remote.origin.url (URL/0 -> URL).  *out is a
 * g_malloc'd string owned by the caller, NULL on failure.  LD_ENOTFOUND
 * when DIR is no mirror or records no URL.
 */
int ld_source_sync_url(char **out, const char *dir);

#endif
