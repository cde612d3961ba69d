/* source/pinbox.c - read public-inbox archives (v2 and v1) with libgit2
 *
 * A v2 epoch is a git repository in which each commit on the first-parent
 * line stores one message as the blob "m" at the root of its tree, or
 * records a removal as the blob "d".  An inbox directory holds the epochs
 * as git/0.git, git/1.git, ...; they form one history in numeric order.
 * A v1 repository keeps every message as a file named after its
 * Message-ID's hash ("ab/cdef..."); a commit adds, changes or deletes one,
 * so we read what a commit changed against its first parent.
 *
 * Owns: one git_repository per epoch for the main thread, and one per
 * epoch per reader.  Hands out: commit lists (caller-owned) and blob bytes
 * (borrowed, valid until the reader's next ld_source_read()).
 */
#include "source/source.h"

#include <git2.h>
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "source/source_private.h"
#include "util/error.h"

/* See ld_source_init(). */
#define LD_PACK_WINDOW ((size_t)32 << 20)
#define LD_PACK_MAPPED_LIMIT ((size_t)128 << 20)

static int git_fail(const char *what, const char *where)
{
	const git_error *e = git_error_last();

	ld_error_set("%s %s: %s", what, where, e ? e->message : "unknown");
	return LD_ERROR;
}

void ld_source_init(void)
{
	git_libgit2_init();
	/*
	 * Reading 26,000 blobs with their SHA-1 re-hashed costs as much as
	 * inflating them.  Pack data is already protected by zlib's checksum
	 * and git's pack CRCs, and we never write objects.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	/*
	 * Every commit and tree is read once; libgit2's object cache would
	 * only keep tens of megabytes of them alive per reader thread.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	/*
	 * libgit2 maps packs in windows of 1 GiB and unmaps none before
	 * 8 GiB are mapped, so a whole-archive read kept every page of a
	 * multi-gigabyte pack resident.  The readers move through the pack
	 * roughly in order; smaller windows under a low limit bound the
	 * resident pack data whatever the archive's size, at the price of
	 * an mmap() per window.
	 */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, LD_PACK_WINDOW);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, LD_PACK_MAPPED_LIMIT);
}

void ld_source_shutdown(void)
{
	git_libgit2_shutdown();
}

static void repo_free(gpointer repo)
{
	git_repository_free(repo);
}

static bool is_dir(const char *path)
{
	return g_file_test(path, G_FILE_TEST_IS_DIR);
}

/* The name a report uses: "kvm" for ".../kvm" or ".../kvm/git/0.git". */
static char *archive_name(const char *path, bool inbox)
{
	char *clean = g_canonicalize_filename(path, NULL);
	char *base = g_path_get_basename(clean);
	char *parent, *pbase, *name;

	if (inbox || !g_str_has_suffix(base, ".git")) {
		g_free(clean);
		return base;
	}
	parent = g_path_get_dirname(clean);
	pbase = g_path_get_basename(parent);
	if (strcmp(pbase, "git") == 0) {
		char *grand = g_path_get_dirname(parent);

		name = g_path_get_basename(grand);
		g_free(grand);
	} else {
		name = g_strndup(base, strlen(base) - strlen(".git"));
	}
	g_free(pbase);
	g_free(parent);
	g_free(base);
	g_free(clean);
	return name;
}

static int find_epochs(ld_source *src, const char *path)
{
	char *first = g_build_filename(path, "git", "0.git", NULL);
	bool inbox = is_dir(first);
	size_t n;

	g_free(first);
	if (!inbox) {
		git_repository *repo = NULL;

		if (git_repository_open_ext(&repo, path,
					    GIT_REPOSITORY_OPEN_NO_SEARCH,
					    NULL) < 0) {
			ld_error_set("%s is neither a public-inbox v2 inbox "
				     "nor a git repository", path);
			return LD_ENOTFOUND;
		}
		g_ptr_array_add(src->paths,
				g_strdup(git_repository_path(repo)));
		g_ptr_array_add(src->repos, repo);
		src->name = archive_name(path, false);
		return LD_OK;
	}
	for (n = 0;; n++) {
		char num[32];
		char *epoch;

		g_snprintf(num, sizeof(num), "%zu.git", n);
		epoch = g_build_filename(path, "git", num, NULL);
		if (!is_dir(epoch)) {
			g_free(epoch);
			break;
		}
		g_ptr_array_add(src->paths, epoch);
		g_ptr_array_add(src->repos, NULL);
	}
	src->name = archive_name(path, true);
	return LD_OK;
}

bool ld_source__git_is_repo(const char *path)
{
	git_repository *repo = NULL;
	bool yes = git_repository_open_ext(&repo, path,
					   GIT_REPOSITORY_OPEN_NO_SEARCH,
					   NULL) == 0;

	git_repository_free(repo);
	return yes;
}

bool ld_source__git_is_v2(const char *path)
{
	git_repository *repo = NULL;
	git_object *tree = NULL;
	bool yes = true; /* an empty repository: take it for a v2 epoch */

	if (git_repository_open_ext(&repo, path,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return false;
	if (git_revparse_single(&tree, repo, "HEAD^{tree}") == 0) {
		yes = git_tree_entry_byname((git_tree *)tree, "m") ||
		      git_tree_entry_byname((git_tree *)tree, "d") ||
		      git_tree_entrycount((git_tree *)tree) == 0;
	}
	git_object_free(tree);
	git_repository_free(repo);
	return yes;
}

static int epoch_repo(git_repository **out, GPtrArray *repos,
		      const ld_source *src, size_t epoch);

static int partial_entry(const git_config_entry *entry, void *payload)
{
	const char *name = entry->name;
	size_t len = strlen(name);
	bool *yes = payload;

	if (g_ascii_strcasecmp(name, "extensions.partialclone") == 0 ||
	    (g_ascii_strncasecmp(name, "remote.", 7) == 0 && len > 16 &&
	     g_ascii_strcasecmp(name + len - 9, ".promisor") == 0 &&
	     g_ascii_strcasecmp(entry->value, "false") != 0))
		*yes = true;
	return 0;
}

/* Whether `repo` is a partial clone: its objects come from a promisor
 * remote on demand (git clone --filter), which libgit2 cannot do.  A plain
 * walk over the entries: libgit2 1.5's regex iterators leak (see
 * src/cli/config.c). */
static bool is_partial(git_repository *repo)
{
	git_config *cfg = NULL;
	bool yes = false;

	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return false;
	git_config_foreach(cfg, partial_entry, &yes);
	git_config_free(cfg);
	return yes;
}

/*
 * Refuse an epoch that cannot give a whole, trustworthy history: one we
 * may not read, one that is not a repository, a shallow clone (libgit2
 * cannot walk past its boundary, and positions, first-time authors and
 * earlier versions all need the history from its root) and a partial
 * clone (every missing blob would be an unreadable message).  Saying so
 * once beats a walk error or thousands of warnings.
 */
static int check_epoch(ld_source *src, size_t epoch)
{
	const char *path = g_ptr_array_index(src->paths, epoch);
	git_repository *repo;

	if (g_access(path, R_OK | X_OK) < 0) {
		ld_error_set("cannot read epoch %s: %s", path,
			     g_strerror(errno));
		return LD_EINVALID;
	}
	if (epoch_repo(&repo, src->repos, src, epoch) < 0)
		return LD_EINVALID;
	if (git_repository_is_shallow(repo) == 1) {
		ld_error_set("%s is a shallow clone: listdigest needs the "
			     "whole history (git -C %s fetch --unshallow)",
			     path, path);
		return LD_EINVALID;
	}
	if (is_partial(repo)) {
		ld_error_set("%s is a partial clone (git clone --filter): its "
			     "missing messages cannot be read; clone it "
			     "again without --filter", path);
		return LD_EINVALID;
	}
	return LD_OK;
}

int ld_source__git_open(ld_source *src, const char *path,
			ld_source_type type)
{
	size_t i;
	int error;

	src->repos = g_ptr_array_new_with_free_func(repo_free);
	if (type == LD_SOURCE_V1) {
		if (!ld_source__git_is_repo(path)) {
			ld_error_set("%s is not a git repository", path);
			return LD_EINVALID;
		}
		g_ptr_array_add(src->paths, g_strdup(path));
		g_ptr_array_add(src->repos, NULL);
		src->name = archive_name(path, false);
	} else if ((error = find_epochs(src, path)) < 0) {
		return error;
	}
	for (i = 0; i < src->paths->len; i++)
		if ((error = check_epoch(src, i)) < 0)
			return error;
	return LD_OK;
}

void ld_source__git_free(ld_source *src)
{
	if (src->repos)
		g_ptr_array_free(src->repos, TRUE);
	src->repos = NULL;
}

/* Open (once) and return epoch `epoch`'s repository from `repos`. */
static int epoch_repo(git_repository **out, GPtrArray *repos,
		      const ld_source *src, size_t epoch)
{
	const char *path = ld_source_epoch_path(src, epoch);
	git_repository *repo;

	if (epoch >= repos->len)
		g_ptr_array_set_size(repos, (guint)epoch + 1);
	repo = g_ptr_array_index(repos, epoch);
	if (!repo) {
		if (git_repository_open_bare(&repo, path) < 0 &&
		    git_repository_open_ext(&repo, path,
					    GIT_REPOSITORY_OPEN_NO_SEARCH,
					    NULL) < 0)
			return git_fail("cannot open epoch", path);
		g_ptr_array_index(repos, epoch) = repo;
	}
	*out = repo;
	return LD_OK;
}

int ld_source__git_tip(ld_oid *out, ld_source *src, size_t epoch)
{
	git_repository *repo;
	git_oid oid;
	int error;

	if ((error = epoch_repo(&repo, src->repos, src, epoch)) < 0)
		return error;
	error = git_reference_name_to_id(&oid, repo, "HEAD");
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH) {
		ld_error_set("epoch %s has no commits",
			     ld_source_epoch_path(src, epoch));
		return LD_ENOTFOUND;
	}
	if (error < 0)
		return git_fail("cannot read HEAD of",
				ld_source_epoch_path(src, epoch));
	memcpy(out->id, oid.id, LD_OID_RAWSZ);
	return LD_OK;
}

int ld_source__git_resolve(ld_rev *out, ld_source *src, const char *spec)
{
	size_t epoch = src->paths->len;
	int found = 0;

	while (epoch-- > 0) {
		git_repository *repo;
		git_object *obj = NULL, *commit = NULL;
		int error;

		if ((error = epoch_repo(&repo, src->repos, src, epoch)) < 0)
			return error;
		if (git_revparse_single(&obj, repo, spec) < 0)
			continue;
		if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0) {
			out->epoch = epoch;
			memcpy(out->oid.id, git_object_id(commit)->id,
			       LD_OID_RAWSZ);
			found = 1;
		}
		git_object_free(commit);
		git_object_free(obj);
		if (found)
			return LD_OK;
	}
	/* A commit id that was once there is the likely case of a range
	 * kept from an earlier run: say what can make commits disappear. */
	if (strlen(spec) >= 7 && strspn(spec, "0123456789abcdefABCDEF") ==
	    strlen(spec))
		ld_error_set("unknown revision '%s' (not in the archive: was "
			     "its history rewritten, by public-inbox-purge "
			     "for example?)", spec);
	else
		ld_error_set("unknown revision '%s'", spec);
	return LD_ENOTFOUND;
}

int ld_source__git_merge_base(ld_rev *out, ld_source *src,
			      const ld_oid *commit)
{
	size_t epoch = src->paths->len;

	while (epoch-- > 0) {
		git_repository *repo;
		git_oid base;
		ld_oid tip;

		if (epoch_repo(&repo, src->repos, src, epoch) < 0 ||
		    ld_source__git_tip(&tip, src, epoch) < 0)
			continue;
		if (git_merge_base(&base, repo, (const git_oid *)commit->id,
				   (const git_oid *)tip.id) == 0) {
			out->epoch = epoch;
			memcpy(out->oid.id, base.id, LD_OID_RAWSZ);
			return LD_OK;
		}
	}
	ld_error_set("no common history with the last run's end");
	return LD_ENOTFOUND;
}

/* A g_new copy of the oids of `a` in reverse order: the walk goes from
 * the tip back, the lists go oldest first. */
static ld_oid *reversed(const GArray *a)
{
	ld_oid *out = g_new(ld_oid, a->len ? a->len : 1);
	guint i;

	for (i = 0; i < a->len; i++)
		out[i] = g_array_index(a, ld_oid, a->len - 1 - i);
	return out;
}

/*
 * Walk the first-parent line by hand rather than with git_revwalk: reading
 * each commit costs the same, and it tells us the commit's tree, which
 * saves every reader a second read of the commit (a tenth of the reading
 * time of a whole epoch).  A public-inbox history is one first-parent
 * line, so there is nothing to sort.  Stops before `stop` (NULL: after
 * the root); LD_ENOTFOUND when `stop` is not on the line.
 */
int ld_source__git_walk(ld_source *src, size_t epoch, const ld_oid *stop,
			ld_source_commit_cb cb, void *payload)
{
	git_repository *repo;
	ld_oid next;
	int error;

	if ((error = epoch_repo(&repo, src->repos, src, epoch)) < 0)
		return error;
	/* An epoch without commits has an empty history. */
	if (ld_source__git_tip(&next, src, epoch) < 0)
		return stop ? LD_ENOTFOUND : LD_OK;
	for (;;) {
		git_commit *c = NULL;
		ld_oid commit = next, tree;
		bool root;

		if (stop && ld_oid_equal(&commit, stop))
			return LD_OK;
		if (git_commit_lookup(&c, repo,
				      (const git_oid *)commit.id) < 0) {
			/* A commit of the history is missing or corrupt:
			 * the archive is damaged, not listdigest. */
			git_fail("cannot walk the history of",
				 ld_source_epoch_path(src, epoch));
			return LD_EINVALID;
		}
		memcpy(tree.id, git_commit_tree_id(c)->id, LD_OID_RAWSZ);
		root = git_commit_parentcount(c) == 0;
		if (!root)
			memcpy(next.id, git_commit_parent_id(c, 0)->id,
			       LD_OID_RAWSZ);
		git_commit_free(c);
		if ((error = cb(&commit, &tree, payload)) != 0)
			return error;
		if (root)
			break;
	}
	if (stop) {
		ld_error_set("history of %s was rewritten",
			     ld_source_epoch_path(src, epoch));
		return LD_ENOTFOUND;
	}
	return LD_OK;
}

typedef struct walk_lists {
	GArray *commits, *trees;
} walk_lists;

static int collect(const ld_oid *commit, const ld_oid *tree, void *payload)
{
	walk_lists *l = payload;

	g_array_append_vals(l->commits, commit, 1);
	g_array_append_vals(l->trees, tree, 1);
	return 0;
}

int ld_source__git_list(ld_oid **out, ld_oid **trees, size_t *count,
			ld_source *src, size_t epoch, const ld_oid *stop)
{
	walk_lists l = { g_array_new(FALSE, FALSE, sizeof(ld_oid)),
			 g_array_new(FALSE, FALSE, sizeof(ld_oid)) };
	int error = ld_source__git_walk(src, epoch, stop, collect, &l);

	if (error == LD_OK) {
		*out = reversed(l.commits);
		if (trees)
			*trees = reversed(l.trees);
		*count = l.commits->len;
	}
	g_array_free(l.commits, TRUE);
	g_array_free(l.trees, TRUE);
	return error;
}

void ld_source__git_reader_free(ld_source_reader *reader)
{
	guint i;

	git_blob_free(reader->blob);
	reader->blob = NULL;
	for (i = 0; i < reader->repos->len; i++)
		git_repository_free(g_ptr_array_index(reader->repos, i));
	g_ptr_array_set_size(reader->repos, 0);
}

/* The message names what of the commit could not be read, not the
 * commit: every caller reports it as that commit's problem already. */
static int commit_fail(const char *what)
{
	const git_error *e = git_error_last();

	ld_error_set("cannot read %s: %s", what, e ? e->message : "unknown");
	return LD_ERROR;
}

/* v2: the tree's "m" adds, its "d" removes. */
static const git_tree_entry *v2_entry(ld_entry_kind *kind, git_tree *tree)
{
	const git_tree_entry *entry;

	if ((entry = git_tree_entry_byname(tree, "m")) != NULL)
		*kind = LD_ENTRY_ADD;
	else if ((entry = git_tree_entry_byname(tree, "d")) != NULL)
		*kind = LD_ENTRY_DEL;
	return entry;
}

/* v1: what the commit changed against its first parent.  public-inbox
 * writes one message per commit; should a commit touch several files, the
 * first change is taken. */
static int v1_change(ld_entry_kind *kind, ld_oid *blob, git_repository *repo,
		     git_commit *c, git_tree *tree)
{
	git_commit *parent = NULL;
	git_tree *ptree = NULL;
	git_diff *diff = NULL;
	const git_diff_delta *delta;
	int error = LD_OK;

	if (git_commit_parentcount(c) > 0 &&
	    (git_commit_parent(&parent, c, 0) < 0 ||
	     git_commit_tree(&ptree, parent) < 0)) {
		error = commit_fail("its parent");
		goto cleanup;
	}
	if (git_diff_tree_to_tree(&diff, repo, ptree, tree, NULL) < 0) {
		error = commit_fail("its changes");
		goto cleanup;
	}
	if (git_diff_num_deltas(diff) == 0)
		goto cleanup;
	delta = git_diff_get_delta(diff, 0);
	if (delta->status == GIT_DELTA_DELETED) {
		*kind = LD_ENTRY_DEL;
		memcpy(blob->id, delta->old_file.id.id, LD_OID_RAWSZ);
	} else {
		*kind = LD_ENTRY_ADD;
		memcpy(blob->id, delta->new_file.id.id, LD_OID_RAWSZ);
	}
cleanup:
	git_diff_free(diff);
	git_tree_free(ptree);
	git_commit_free(parent);
	return error;
}

/*
 * The tree of `commit`: straight from `tree` when the listing passed it on
 * (v2 only needs the tree), else through the commit, which *c then holds.
 */
static int commit_tree(git_tree **tree, git_commit **c, git_repository *repo,
		       const ld_oid *commit, const ld_oid *hint)
{
	if (hint) {
		if (git_tree_lookup(tree, repo, (const git_oid *)hint->id) < 0)
			return commit_fail("its tree");
		return LD_OK;
	}
	if (git_commit_lookup(c, repo, (const git_oid *)commit->id) < 0)
		return commit_fail("the commit");
	if (git_commit_tree(tree, *c) < 0)
		return commit_fail("its tree");
	return LD_OK;
}

int ld_source__git_read(ld_source_reader *reader, size_t epoch,
			const ld_oid *commit, const ld_oid *tree_hint,
			ld_entry_kind *kind, ld_oid *blob, const char **data,
			size_t *len)
{
	git_repository *repo;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	const git_tree_entry *entry;
	int error;

	git_blob_free(reader->blob);
	reader->blob = NULL;
	if ((error = epoch_repo(&repo, reader->repos, reader->src, epoch)) < 0)
		return error;
	/* v1 compares the commit with its parent: it needs the commit. */
	if (reader->src->type == LD_SOURCE_V1)
		tree_hint = NULL;
	if ((error = commit_tree(&tree, &c, repo, commit, tree_hint)) < 0)
		goto cleanup;
	if (reader->src->type == LD_SOURCE_V1) {
		if ((error = v1_change(kind, blob, repo, c, tree)) < 0)
			goto cleanup;
	} else if ((entry = v2_entry(kind, tree)) != NULL) {
		memcpy(blob->id, git_tree_entry_id(entry)->id, LD_OID_RAWSZ);
	}
	if (*kind == LD_ENTRY_ADD) {
		git_blob *b = NULL;

		if (git_blob_lookup(&b, repo, (const git_oid *)blob->id) < 0) {
			error = commit_fail("its message blob");
			goto cleanup;
		}
		reader->blob = b;
		*data = git_blob_rawcontent(b);
		*len = (size_t)git_blob_rawsize(b);
	}
	error = LD_OK;
cleanup:
	git_tree_free(tree);
	git_commit_free(c);
	return error;
}
