/* cli/config.c - inboxes configured by name
 *
 * Reads two git-config files with libgit2's parser: public-inbox's own
 * ($PI_CONFIG, else ~/.public-inbox/config) and listdigest's
 * ($XDG_CONFIG_HOME/listdigest/config).  Reading configuration is the
 * CLI's job (no stage reads the environment), so this is the one file
 * outside source/ that includes <git2.h>: the file format is git's and
 * libgit2 already parses it.
 *
 * Owns: the inbox table while a lookup runs.
 */
#include "cli/config.h"

#include <git2.h>
#include <glib.h>
#include <stddef.h>
#include <string.h>

#include "util/error.h"

void ld_inbox_config_clear(ld_inbox_config *cfg)
{
	g_free(cfg->name);
	g_free(cfg->path);
	g_free(cfg->url);
	g_free(cfg->address);
	g_free(cfg->list_name);
	g_free(cfg->mailmap);
	g_free(cfg->orgmap);
	g_free(cfg->from);
	g_free(cfg->to);
	g_free(cfg->cc);
	memset(cfg, 0, sizeof(*cfg));
}

static void inbox_free(gpointer data)
{
	ld_inbox_config_clear(data);
	g_free(data);
}

static const char *git_message(void)
{
	const git_error *e = git_error_last();

	return e ? e->message : "unknown error";
}

static char *pi_config_path(void)
{
	const char *env = g_getenv("PI_CONFIG");

	if (env && *env)
		return g_strdup(env);
	return g_build_filename(g_get_home_dir(), ".public-inbox", "config",
				NULL);
}

static char *own_config_path(void)
{
	return g_build_filename(g_get_user_config_dir(), "listdigest",
				"config", NULL);
}

/* The keys we read, and where each goes ("inboxdir" and "mainrepo" are
 * public-inbox's older names for the path). */
static const struct {
	const char *key;
	size_t offset;
} fields[] = {
	{ "path", offsetof(ld_inbox_config, path) },
	{ "inboxdir", offsetof(ld_inbox_config, path) },
	{ "mainrepo", offsetof(ld_inbox_config, path) },
	{ "url", offsetof(ld_inbox_config, url) },
	{ "address", offsetof(ld_inbox_config, address) },
	{ "name", offsetof(ld_inbox_config, list_name) },
	{ "mailmap", offsetof(ld_inbox_config, mailmap) },
	{ "orgmap", offsetof(ld_inbox_config, orgmap) },
	{ "from", offsetof(ld_inbox_config, from) },
	{ "to", offsetof(ld_inbox_config, to) },
	{ "cc", offsetof(ld_inbox_config, cc) },
};

/* Set `key` of the inbox `name` in `table`, creating the inbox. */
static void set_field(GHashTable *table, const char *name, const char *key,
		      const char *value)
{
	ld_inbox_config *cfg = g_hash_table_lookup(table, name);
	char **field;
	size_t i;

	if (!cfg) {
		cfg = g_new0(ld_inbox_config, 1);
		cfg->name = g_strdup(name);
		g_hash_table_insert(table, cfg->name, cfg);
	}
	for (i = 0; i < G_N_ELEMENTS(fields); i++) {
		if (strcmp(key, fields[i].key) != 0)
			continue;
		field = G_STRUCT_MEMBER_P(cfg, fields[i].offset);
		/* The first value of a multi-valued key (address) wins. */
		if (!*field)
			*field = g_strdup(value);
		return;
	}
}

/* Read the "SECTION.NAME.KEY" entries of `file` into `table`.  A missing
 * file is no error.  We iterate over every entry and filter ourselves:
 * libgit2 1.5's glob iterator leaks each entry it skips. */
static int read_file(GHashTable *table, const char *file, const char *section)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *entry;
	size_t len = strlen(section);
	int error = LD_OK, rc;

	if (!g_file_test(file, G_FILE_TEST_EXISTS))
		goto cleanup;
	if (git_config_open_ondisk(&cfg, file) < 0 ||
	    git_config_iterator_new(&it, cfg) < 0) {
		ld_error_set("cannot read %s: %s", file, git_message());
		error = LD_ERROR;
		goto cleanup;
	}
	while ((rc = git_config_next(&entry, it)) == 0) {
		const char *name = entry->name + len + 1;
		const char *key;
		char *sub;

		if (g_ascii_strncasecmp(entry->name, section, len) != 0 ||
		    entry->name[len] != '.')
			continue;
		key = strrchr(name, '.');
		if (!key || key == name)
			continue;
		sub = g_strndup(name, (gsize)(key - name));
		set_field(table, sub, key + 1, entry->value);
		g_free(sub);
	}
	if (rc != GIT_ITEROVER) {
		ld_error_set("cannot read %s: %s", file, git_message());
		error = LD_ERROR;
	}
cleanup:
	git_config_iterator_free(it);
	git_config_free(cfg);
	return error;
}

static gint by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "kvm, linux-hyperv" or "none are configured". */
static char *known_names(GHashTable *own, GHashTable *pi)
{
	GHashTable *all = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *names = g_ptr_array_new();
	GHashTableIter it;
	gpointer key;
	GString *out = g_string_new(NULL);
	guint i;

	g_hash_table_iter_init(&it, own);
	while (g_hash_table_iter_next(&it, &key, NULL))
		g_hash_table_add(all, key);
	g_hash_table_iter_init(&it, pi);
	while (g_hash_table_iter_next(&it, &key, NULL))
		g_hash_table_add(all, key);
	g_hash_table_iter_init(&it, all);
	while (g_hash_table_iter_next(&it, &key, NULL))
		g_ptr_array_add(names, key);
	g_ptr_array_sort(names, by_name);
	for (i = 0; i < names->len; i++)
		g_string_append_printf(out, "%s%s", i ? ", " : "",
				       (char *)g_ptr_array_index(names, i));
	if (!names->len)
		g_string_append(out, "none are configured");
	g_ptr_array_free(names, TRUE);
	g_hash_table_destroy(all);
	return g_string_free(out, FALSE);
}

static void copy_missing(ld_inbox_config *to, const ld_inbox_config *from)
{
	if (!to->path && from->path)
		to->path = g_strdup(from->path);
	if (!to->url && from->url)
		to->url = g_strdup(from->url);
	if (!to->address && from->address)
		to->address = g_strdup(from->address);
}

int ld_config_find_inbox(ld_inbox_config *out, const char *name)
{
	GHashTable *own = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
						inbox_free);
	GHashTable *pi = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
					       inbox_free);
	char *own_path = own_config_path(), *pi_path = pi_config_path();
	ld_inbox_config *a, *b;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = read_file(own, own_path, "inbox")) < 0 ||
	    (error = read_file(pi, pi_path, "publicinbox")) < 0)
		goto cleanup;
	a = g_hash_table_lookup(own, name);
	b = g_hash_table_lookup(pi, name);
	if (!a && !b) {
		char *names = known_names(own, pi);

		ld_error_set("no inbox named '%s' (configured: %s)", name,
			     names);
		g_free(names);
		error = LD_ENOTFOUND;
		goto cleanup;
	}
	out->name = g_strdup(name);
	if (a) {
		copy_missing(out, a);
		out->list_name = g_strdup(a->list_name);
		out->mailmap = g_strdup(a->mailmap);
		out->orgmap = g_strdup(a->orgmap);
		out->from = g_strdup(a->from);
		out->to = g_strdup(a->to);
		out->cc = g_strdup(a->cc);
	}
	if (b)
		copy_missing(out, b);
	error = LD_OK;
cleanup:
	g_hash_table_destroy(own);
	g_hash_table_destroy(pi);
	g_free(own_path);
	g_free(pi_path);
	return error;
}
