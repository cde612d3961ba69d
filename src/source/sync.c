/* source/sync.c - mirror a public-inbox v2 archive over the network
 *
 * lore.kernel.org (public-inbox's web server) serves each epoch of an
 * inbox as a git repository at URL/N and lists them in the grokmirror
 * manifest URL/manifest.js.gz.  We keep DIR/git/N.git as bare mirrors of
 * them with libgit2, as `git clone --mirror` and `git fetch` would.
 *
 * Finding the epochs: over HTTP(S) we first ask for the manifest, which
 * names every epoch and its fingerprint (the SHA-1 of `git show-ref`'s
 * output, see PublicInbox::Git::manifest_entry), so an epoch whose refs we
 * already have is not contacted at all.  Without a manifest (git://, a
 * server without one, a proxy GIO cannot use, or HTTPS without
 * glib-networking's TLS backend) we fetch the local epochs and then probe
 * URL/N for the next N until one cannot be reached.  libgit2 has no
 * client for plain HTTP files, so the manifest comes through a small
 * HTTP/1.1 GET on GIO's GSocketClient (proxies and TLS are GIO's); any
 * failure there only means "no manifest".
 *
 * Safety: fetches go straight into an existing epoch, since libgit2
 * writes the pack under a temporary name and moves the refs only once the
 * fetch succeeded.  New epochs are cloned into DIR/git/.N.git-XXXXXX and
 * renamed to N.git when complete, so N.git is always a whole mirror.
 *
 * Owns: one repository, remote and HTTP connection at a time, and the
 * manifest's epoch list while a sync runs.  Hands out: the per-epoch
 * results, borrowed, during the epoch_done callback.
 */
#include "source/sync.h"

#include <errno.h>
#include <gio/gio.h>
#include <git2.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

#define MIRROR_REFSPEC "+refs/*:refs/*"
#define HTTP_TIMEOUT 30                          /* seconds per read */
#define HTTP_REDIRECTS 5
#define MANIFEST_MAX ((gsize)16 * 1024 * 1024)   /* gzipped bytes */
#define MANIFEST_JSON_MAX ((gsize)256 * 1024 * 1024)

/* One epoch the manifest lists. */
typedef struct remote_epoch {
	size_t epoch;
	char *prefix;       /* the key before "/git/N.git" ("/kvm") */
	char *fingerprint;  /* 40 hex digits, or NULL */
} remote_epoch;

/* One sync. */
typedef struct sync_run {
	char *gitdir;              /* DIR/git */
	char *url;                 /* without trailing '/' */
	bool local;                /* a path: epochs at URL/git/N.git */
	const ld_sync_options *opts;
	size_t epoch;              /* the one being synced (progress) */
} sync_run;

/* Record libgit2's last error as "WHAT WHERE: message". */
static int git_fail(const char *what, const char *where)
{
	const git_error *e = git_error_last();
	char *msg = g_strdup(e && e->message ? e->message : "unknown error");

	ld_error_set("%s %s: %s", what, where, g_strstrip(msg));
	g_free(msg);
	return LD_ERROR;
}

static void remote_epoch_clear(gpointer data)
{
	remote_epoch *e = data;

	g_free(e->prefix);
	g_free(e->fingerprint);
}

static char *epoch_path(const sync_run *r, size_t n)
{
	char name[32];

	g_snprintf(name, sizeof(name), "%zu.git", n);
	return g_build_filename(r->gitdir, name, NULL);
}

static char *epoch_url(const sync_run *r, size_t n)
{
	if (r->local)
		return g_strdup_printf("%s/git/%zu.git", r->url, n);
	return g_strdup_printf("%s/%zu", r->url, n);
}

/* A local path or file:// URL rather than a network address: no
 * "scheme://" and no scp-like "host:path". */
static bool is_local_url(const char *url)
{
	if (g_str_has_prefix(url, "file://"))
		return true;
	if (strstr(url, "://"))
		return false;
	return url[0] == '/' || url[0] == '.' || !strchr(url, ':');
}

static bool is_http_url(const char *url)
{
	return g_ascii_strncasecmp(url, "http://", 7) == 0 ||
	       g_ascii_strncasecmp(url, "https://", 8) == 0;
}

/* The number of local epochs: git/0.git, 1.git, ... up to the first
 * missing one, as ld_source_open() counts them. */
static size_t local_epochs(const sync_run *r)
{
	size_t n;

	for (n = 0;; n++) {
		char *path = epoch_path(r, n);
		bool there = g_file_test(path, G_FILE_TEST_IS_DIR);

		g_free(path);
		if (!there)
			return n;
	}
}

/* DIR may be missing, empty, or an inbox (it has git/). */
static int check_dir(const char *dir)
{
	char *git;
	GDir *d;
	bool empty;

	if (!g_file_test(dir, G_FILE_TEST_EXISTS))
		return LD_OK;
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		ld_error_set("%s is not a directory", dir);
		return LD_EINVALID;
	}
	git = g_build_filename(dir, "git", NULL);
	if (g_file_test(git, G_FILE_TEST_IS_DIR)) {
		g_free(git);
		return LD_OK;
	}
	g_free(git);
	if (!(d = g_dir_open(dir, 0, NULL))) {
		ld_error_set("cannot read directory %s", dir);
		return LD_EINVALID;
	}
	empty = g_dir_read_name(d) == NULL;
	g_dir_close(d);
	if (!empty) {
		ld_error_set("%s is neither empty nor a public-inbox inbox "
			     "(it has no git/ directory)", dir);
		return LD_EINVALID;
	}
	return LD_OK;
}

/* Remove `path` and, for a directory, everything below it, without
 * following symbolic links.  Best effort: for cleaning up a failed clone. */
static void remove_tree(const char *path)
{
	GStatBuf st;
	GDir *d;
	const char *name;

	if (g_lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = g_dir_open(path, 0, NULL))) {
		while ((name = g_dir_read_name(d)) != NULL) {
			char *child = g_build_filename(path, name, NULL);

			remove_tree(child);
			g_free(child);
		}
		g_dir_close(d);
		g_rmdir(path);
	} else {
		g_unlink(path);
	}
}

/* ---- HTTP(S) GET for the manifest ---------------------------------- */

/* One response line without its CR LF; NULL at the end of the stream or
 * on an error (then *err is set). */
static char *http_line(GDataInputStream *in, GError **err)
{
	gsize len = 0;
	char *line = g_data_input_stream_read_line(in, &len, NULL, err);

	if (line && len > 0 && line[len - 1] == '\r')
		line[len - 1] = '\0';
	return line;
}

/* Append `want` bytes of `in` to `body` (with `to_end`, fewer when the
 * stream ends first); false when the stream ends early or fails, or
 * `body` would grow past MANIFEST_MAX. */
static bool http_body(GByteArray *body, GInputStream *in, gsize want,
		      bool to_end)
{
	guint8 buf[16384];

	while (want > 0) {
		gsize chunk = MIN(want, sizeof(buf)), got = 0;

		if (!g_input_stream_read_all(in, buf, chunk, &got, NULL,
					     NULL))
			return false;
		if (got == 0)
			return to_end;
		if (body->len + got > MANIFEST_MAX)
			return false;
		g_byte_array_append(body, buf, (guint)got);
		want -= got;
	}
	return true;
}

/* A chunked body (RFC 9112 section 7.1); trailers are skipped. */
static bool http_chunked(GByteArray *body, GDataInputStream *in)
{
	for (;;) {
		char *line = http_line(in, NULL), *end;
		guint64 size;
		bool ok;

		if (!line)
			return false;
		size = g_ascii_strtoull(line, &end, 16);
		ok = end != line && size <= MANIFEST_MAX;
		g_free(line);
		if (!ok)
			return false;
		if (size == 0)
			break;
		if (!http_body(body, G_INPUT_STREAM(in), (gsize)size, false))
			return false;
		line = http_line(in, NULL);  /* the CR LF after the data */
		ok = line && *line == '\0';
		g_free(line);
		if (!ok)
			return false;
	}
	for (;;) {
		char *line = http_line(in, NULL);
		bool last = !line || *line == '\0';

		g_free(line);
		if (last)
			return true;
	}
}

/* GET `url` once.  Sets *status, and *location for a redirect; fills
 * `body` for a 200.  false (with *why) when the exchange itself fails. */
static bool http_exchange(int *status, char **location, GByteArray *body,
			  const char *url, char **why)
{
	GUri *uri = NULL;
	GSocketClient *client = NULL;
	GSocketConnection *conn = NULL;
	GDataInputStream *in = NULL;
	GError *err = NULL;
	char *request = NULL, *line = NULL, *host = NULL;
	const char *path, *query;
	gint64 length = -1;
	bool chunked = false, https, ok = false;
	int port;

	if (!(uri = g_uri_parse(url, G_URI_FLAGS_ENCODED, &err)))
		goto cleanup;
	if (!g_uri_get_host(uri) || !*g_uri_get_host(uri)) {
		*why = g_strdup("no host in the URL");
		goto cleanup;
	}
	https = g_ascii_strcasecmp(g_uri_get_scheme(uri), "https") == 0;
	port = g_uri_get_port(uri);
	host = strchr(g_uri_get_host(uri), ':') ?
	       g_strdup_printf("[%s]", g_uri_get_host(uri)) :
	       g_strdup(g_uri_get_host(uri));
	if (port > 0 && port != (https ? 443 : 80)) {
		char *with_port = g_strdup_printf("%s:%d", host, port);

		g_free(host);
		host = with_port;
	}
	path = *g_uri_get_path(uri) ? g_uri_get_path(uri) : "/";
	query = g_uri_get_query(uri);
	request = g_strdup_printf("GET %s%s%s HTTP/1.1\r\nHost: %s\r\n"
				  "User-Agent: listdigest/" LD_VERSION "\r\n"
				  "Accept: */*\r\nAccept-Encoding: identity\r\n"
				  "Connection: close\r\n\r\n", path,
				  query ? "?" : "", query ? query : "", host);

	client = g_socket_client_new();
	g_socket_client_set_timeout(client, HTTP_TIMEOUT);
	g_socket_client_set_tls(client, https);
	conn = g_socket_client_connect_to_uri(client, url, https ? 443 : 80,
					      NULL, &err);
	if (!conn ||
	    !g_output_stream_write_all(
		    g_io_stream_get_output_stream(G_IO_STREAM(conn)), request,
		    strlen(request), NULL, NULL, &err))
		goto cleanup;
	in = g_data_input_stream_new(
		g_io_stream_get_input_stream(G_IO_STREAM(conn)));
	g_data_input_stream_set_newline_type(in,
					     G_DATA_STREAM_NEWLINE_TYPE_LF);
	g_filter_input_stream_set_close_base_stream(
		G_FILTER_INPUT_STREAM(in), FALSE);

	/* "HTTP/1.1 200 OK" */
	if (!(line = http_line(in, &err)))
		goto cleanup;
	if (!g_str_has_prefix(line, "HTTP/1.") || strlen(line) < 12) {
		*why = g_strdup("not an HTTP response");
		goto cleanup;
	}
	*status = atoi(line + 9);
	for (;;) {
		char *colon, *value;

		g_free(line);
		if (!(line = http_line(in, &err)))
			goto cleanup;
		if (*line == '\0')
			break;
		if (!(colon = strchr(line, ':')))
			continue;
		*colon = '\0';
		value = g_strstrip(colon + 1);
		if (g_ascii_strcasecmp(line, "Content-Length") == 0)
			length = g_ascii_strtoll(value, NULL, 10);
		else if (g_ascii_strcasecmp(line, "Transfer-Encoding") == 0)
			chunked = g_ascii_strcasecmp(value, "identity") != 0;
		else if (g_ascii_strcasecmp(line, "Location") == 0) {
			g_free(*location);
			*location = g_strdup(value);
		}
	}
	if (*status != 200) {
		ok = true;
		goto cleanup;
	}
	if (chunked)
		ok = http_chunked(body, in);
	else if (length >= 0)
		ok = (guint64)length <= MANIFEST_MAX &&
		     http_body(body, G_INPUT_STREAM(in), (gsize)length, false);
	else
		ok = http_body(body, G_INPUT_STREAM(in), G_MAXSIZE, true);
	if (!ok)
		*why = g_strdup("truncated or oversized body");
cleanup:
	if (err) {
		*why = g_strdup(err->message);
		g_error_free(err);
	} else if (!ok && !*why) {
		*why = g_strdup("connection closed");
	}
	g_free(line);
	if (in)
		g_object_unref(in);
	if (conn) {
		g_io_stream_close(G_IO_STREAM(conn), NULL, NULL);
		g_object_unref(conn);
	}
	if (client)
		g_object_unref(client);
	g_free(request);
	g_free(host);
	if (uri)
		g_uri_unref(uri);
	return ok;
}

/* GET `url`, following redirects.  LD_OK with *out (a GByteArray owned
 * by the caller) for a 200, else LD_ENOTFOUND with the reason recorded. */
static int http_get(GByteArray **out, const char *url)
{
	char *current = g_strdup(url);
	int hops, error = LD_ENOTFOUND;

	*out = NULL;
	for (hops = 0; hops <= HTTP_REDIRECTS; hops++) {
		GByteArray *body = g_byte_array_new();
		char *location = NULL, *why = NULL, *next;
		int status = 0;

		if (!http_exchange(&status, &location, body, current, &why)) {
			ld_error_set("GET %s: %s", current, why);
		} else if (status == 200) {
			*out = body;
			body = NULL;
			error = LD_OK;
		} else if (status >= 300 && status < 400 && location &&
			   (next = g_uri_resolve_relative(current, location,
							  G_URI_FLAGS_ENCODED,
							  NULL)) != NULL) {
			g_free(current);
			current = next;
			g_free(location);
			g_byte_array_unref(body);
			if (!is_http_url(current))
				break;
			continue;
		} else {
			ld_error_set("GET %s: HTTP status %d", current, status);
		}
		g_free(why);
		g_free(location);
		if (body)
			g_byte_array_unref(body);
		g_free(current);
		return error;
	}
	ld_error_set("GET %s: too many redirects, or one away from HTTP",
		     url);
	g_free(current);
	return LD_ENOTFOUND;
}

/* Inflate gzip data; NULL when it is not gzip or too large. */
static GByteArray *gunzip(const guint8 *data, gsize len)
{
	GZlibDecompressor *z =
		g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP);
	GInputStream *mem = g_memory_input_stream_new_from_data(data,
								(gssize)len,
								NULL);
	GInputStream *in = g_converter_input_stream_new(mem, G_CONVERTER(z));
	GByteArray *out = g_byte_array_new();
	guint8 buf[16384];

	for (;;) {
		gssize got = g_input_stream_read(in, buf, sizeof(buf), NULL,
						 NULL);

		if (got < 0 || out->len + (gsize)got > MANIFEST_JSON_MAX) {
			g_byte_array_unref(out);
			out = NULL;
			break;
		}
		if (got == 0)
			break;
		g_byte_array_append(out, buf, (guint)got);
	}
	g_object_unref(in);
	g_object_unref(mem);
	g_object_unref(z);
	return out;
}

/* "/kvm/git/12.git" -> *prefix "/kvm", *epoch 12; false for other keys. */
static bool manifest_key(char **prefix, size_t *epoch, const char *key)
{
	const char *git = g_strrstr(key, "/git/"), *num, *end;
	guint64 n;

	if (!git)
		return false;
	num = git + strlen("/git/");
	for (end = num; g_ascii_isdigit(*end); end++)
		;
	if (end == num || end - num > 9 || strcmp(end, ".git") != 0)
		return false;
	n = g_ascii_strtoull(num, NULL, 10);
	*epoch = (size_t)n;
	*prefix = g_strndup(key, (gsize)(git - key));
	return true;
}

static bool is_fingerprint(const char *s)
{
	size_t i;

	for (i = 0; i < 40; i++)
		if (!g_ascii_isxdigit(s[i]))
			return false;
	return s[40] == '\0';
}

static gint remote_epoch_cmp(gconstpointer a, gconstpointer b)
{
	const remote_epoch *x = a, *y = b;

	return x->epoch < y->epoch ? -1 : x->epoch > y->epoch;
}

/* Keep the entries of one inbox: all of them when the manifest names
 * one, else those whose prefix ends in URL's last path segment ("/kvm"
 * for https://host/kvm). */
static void manifest_pick(GArray *list, const char *url)
{
	const char *first = g_array_index(list, remote_epoch, 0).prefix;
	const char *slash = strrchr(url, '/');
	char *want;
	guint i;

	for (i = 1; i < list->len; i++)
		if (strcmp(g_array_index(list, remote_epoch, i).prefix,
			   first) != 0)
			break;
	if (i == list->len)
		return;
	want = g_strconcat("/", slash ? slash + 1 : url, NULL);
	for (i = list->len; i-- > 0;)
		if (!g_str_has_suffix(g_array_index(list, remote_epoch,
						    i).prefix, want))
			g_array_remove_index(list, i);
	g_free(want);
}

/* Parse the manifest's JSON into a sorted list of epochs; NULL when it
 * is not a manifest or lists none for this inbox. */
static GArray *manifest_parse(const char *json, gsize len, const char *url)
{
	JsonParser *parser = json_parser_new();
	GArray *list = NULL;
	JsonNode *root;
	JsonObject *obj;
	GList *members = NULL, *m;

	if (!json_parser_load_from_data(parser, json, (gssize)len, NULL) ||
	    !(root = json_parser_get_root(parser)) ||
	    !JSON_NODE_HOLDS_OBJECT(root))
		goto cleanup;
	obj = json_node_get_object(root);
	list = g_array_new(FALSE, TRUE, sizeof(remote_epoch));
	g_array_set_clear_func(list, remote_epoch_clear);
	members = json_object_get_members(obj);
	for (m = members; m; m = m->next) {
		JsonNode *value = json_object_get_member(obj, m->data);
		remote_epoch e = { 0, NULL, NULL };
		JsonNode *fp;

		if (!JSON_NODE_HOLDS_OBJECT(value) ||
		    !manifest_key(&e.prefix, &e.epoch, m->data))
			continue;
		fp = json_object_get_member(json_node_get_object(value),
					    "fingerprint");
		if (fp && JSON_NODE_HOLDS_VALUE(fp) &&
		    json_node_get_value_type(fp) == G_TYPE_STRING &&
		    is_fingerprint(json_node_get_string(fp)))
			e.fingerprint = g_ascii_strdown(
				json_node_get_string(fp), -1);
		g_array_append_val(list, e);
	}
	if (list->len > 0)
		manifest_pick(list, url);
	if (list->len == 0) {
		g_array_unref(list);
		list = NULL;
		goto cleanup;
	}
	g_array_sort(list, remote_epoch_cmp);
cleanup:
	g_list_free(members);
	g_object_unref(parser);
	return list;
}

/* URL/manifest.js.gz as a list of epochs, or NULL when there is none
 * (any failure: the caller probes instead). */
static GArray *manifest_fetch(const sync_run *r)
{
	char *url = g_strconcat(r->url, "/manifest.js.gz", NULL);
	GByteArray *gz = NULL, *json = NULL;
	GArray *list = NULL;

	if (http_get(&gz, url) < 0)
		goto cleanup;
	json = gunzip(gz->data, gz->len);
	/* Served once more with Content-Encoding: gzip despite our
	 * "Accept-Encoding: identity"? */
	if (json && json->len >= 2 && json->data[0] == 0x1f &&
	    json->data[1] == 0x8b) {
		GByteArray *inner = gunzip(json->data, json->len);

		g_byte_array_unref(json);
		json = inner;
	}
	if (json)
		list = manifest_parse((const char *)json->data, json->len,
				      r->url);
cleanup:
	if (json)
		g_byte_array_unref(json);
	if (gz)
		g_byte_array_unref(gz);
	g_free(url);
	return list;
}

static const remote_epoch *manifest_find(const GArray *list, size_t n)
{
	guint i;

	for (i = 0; list && i < list->len; i++)
		if (g_array_index(list, remote_epoch, i).epoch == n)
			return &g_array_index(list, remote_epoch, i);
	return NULL;
}

/* ---- git ------------------------------------------------------------ */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* public-inbox's fingerprint of a repository: the SHA-1 of what
 * `git show-ref` prints ("<hex> <refname>\n" per ref under refs/, sorted
 * by name).  NULL when the refs cannot be listed. */
static char *fingerprint(git_repository *repo)
{
	git_strarray names = { NULL, 0 };
	GChecksum *sum;
	char *hex = NULL;
	size_t i;

	if (git_reference_list(&names, repo) < 0)
		return NULL;
	qsort(names.strings, names.count, sizeof(char *), by_name);
	sum = g_checksum_new(G_CHECKSUM_SHA1);
	for (i = 0; i < names.count; i++) {
		char oid[GIT_OID_HEXSZ + 1];
		git_oid id;

		if (!g_str_has_prefix(names.strings[i], "refs/") ||
		    git_reference_name_to_id(&id, repo, names.strings[i]) < 0)
			continue;
		git_oid_tostr(oid, sizeof(oid), &id);
		g_checksum_update(sum, (const guchar *)oid, -1);
		g_checksum_update(sum, (const guchar *)" ", 1);
		g_checksum_update(sum, (const guchar *)names.strings[i], -1);
		g_checksum_update(sum, (const guchar *)"\n", 1);
	}
	if (names.count > 0)
		hex = g_strdup(g_checksum_get_string(sum));
	g_checksum_free(sum);
	git_strarray_dispose(&names);
	return hex;
}

static bool head_oid(git_oid *out, git_repository *repo)
{
	return git_reference_name_to_id(out, repo, "HEAD") == 0;
}

/* The commits on HEAD's first-parent line not reachable from `old` (NULL:
 * all of them). */
static int count_new(size_t *out, git_repository *repo, const git_oid *old,
		     const char *where)
{
	git_revwalk *walk = NULL;
	git_oid tip, oid;
	int error;

	*out = 0;
	if (!head_oid(&tip, repo))
		return LD_OK;  /* an empty epoch */
	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_push(walk, &tip) < 0 ||
	    (old && git_revwalk_hide(walk, old) < 0)) {
		error = git_fail("cannot walk", where);
		goto cleanup;
	}
	git_revwalk_simplify_first_parent(walk);
	while ((error = git_revwalk_next(&oid, walk)) == 0)
		(*out)++;
	if (error != GIT_ITEROVER) {
		error = git_fail("cannot walk", where);
		goto cleanup;
	}
	error = LD_OK;
cleanup:
	git_revwalk_free(walk);
	return error;
}

static int on_transfer(const git_indexer_progress *stats, void *payload)
{
	const sync_run *r = payload;

	if (r->opts->progress)
		r->opts->progress(r->epoch, stats->received_objects,
				  stats->total_objects, stats->received_bytes,
				  r->opts->payload);
	return 0;
}

static void fetch_options(git_fetch_options *fo, sync_run *r)
{
	git_fetch_options_init(fo, GIT_FETCH_OPTIONS_VERSION);
	fo->callbacks.transfer_progress = on_transfer;
	fo->callbacks.payload = r;
	fo->proxy_opts.type = GIT_PROXY_AUTO;
	fo->update_fetchhead = 0;
	fo->download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
}

/*
 * A remote of `url` in `repo` (`name` NULL: an anonymous one) with the
 * mirror refspec.  url.*.insteadOf rewriting is skipped: libgit2 1.5.1
 * (Debian 12) leaks a PCRE2 match block for every config entry that the
 * insteadOf pattern does not match (libgit2 PR #6382, fixed in 1.6).
 * Lookups below read remote.origin.* directly for the same reason.
 */
static int mirror_remote_new(git_remote **out, git_repository *repo,
			     const char *name, const char *url)
{
	git_remote_create_options o;

	git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	o.repository = repo;
	o.name = name;
	o.fetchspec = MIRROR_REFSPEC;
	o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	return git_remote_create_with_opts(out, url, &o);
}

/* Mark remote `name` a mirror, as `git clone --mirror` does. */
static int set_mirror(git_config *cfg, const char *name)
{
	char *key = g_strdup_printf("remote.%s.mirror", name);
	int error = git_config_set_bool(cfg, key, 1);

	g_free(key);
	return error;
}

/* Make "origin" the mirror remote of `url` (after a fetch from it). */
static int set_origin(git_repository *repo, const char *url)
{
	git_config *cfg = NULL;
	git_config_entry *had = NULL;
	int error, rc;

	if (git_repository_config(&cfg, repo) < 0) {
		error = git_fail("cannot configure", git_repository_path(repo));
		goto cleanup;
	}
	rc = git_config_get_entry(&had, cfg, "remote.origin.url");
	error = LD_OK;
	if (rc == 0 && strcmp(had->value, url) == 0)
		goto cleanup;
	if ((rc != 0 && rc != GIT_ENOTFOUND) ||
	    git_config_set_string(cfg, "remote.origin.url", url) < 0 ||
	    (rc == GIT_ENOTFOUND &&
	     (git_config_set_string(cfg, "remote.origin.fetch",
				    MIRROR_REFSPEC) < 0 ||
	      set_mirror(cfg, "origin") < 0)))
		error = git_fail("cannot configure", git_repository_path(repo));
cleanup:
	git_config_entry_free(had);
	git_config_free(cfg);
	return error;
}

/* git_clone's remote_cb: "origin" as `git clone --mirror` makes it. */
static int mirror_remote(git_remote **out, git_repository *repo,
			 const char *name, const char *url, void *payload)
{
	git_config *cfg = NULL;
	int error;

	if ((error = mirror_remote_new(out, repo, name, url)) < 0)
		return error;
	if ((error = git_repository_config(&cfg, repo)) < 0 ||
	    (error = set_mirror(cfg, name)) < 0) {
		git_remote_free(*out);
		*out = NULL;
	}
	git_config_free(cfg);
	return error;
}

/* Fetch the local epoch `n`, unless `listed` says we have it already. */
static int fetch_epoch(ld_sync_epoch *res, sync_run *r, size_t n,
		       const remote_epoch *listed)
{
	char *path = epoch_path(r, n), *url = epoch_url(r, n), *ours = NULL;
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	git_fetch_options fo;
	git_oid old, tip;
	bool had_old;
	int error;

	if (git_repository_open_bare(&repo, path) < 0) {
		error = git_fail("cannot open", path);
		goto cleanup;
	}
	had_old = head_oid(&old, repo);
	if (listed && listed->fingerprint &&
	    (ours = fingerprint(repo)) != NULL &&
	    strcmp(ours, listed->fingerprint) == 0) {
		res->unchanged = true;
		error = LD_OK;
		goto cleanup;
	}
	fetch_options(&fo, r);
	if (mirror_remote_new(&remote, repo, NULL, url) < 0 ||
	    git_remote_fetch(remote, NULL, &fo, "listdigest sync") < 0) {
		error = git_fail("cannot fetch", url);
		goto cleanup;
	}
	if ((error = count_new(&res->new_commits, repo,
			       had_old ? &old : NULL, path)) < 0)
		goto cleanup;
	res->rewritten = had_old && head_oid(&tip, repo) &&
			 !git_oid_equal(&tip, &old) &&
			 git_graph_descendant_of(repo, &tip, &old) != 1;
	error = set_origin(repo, url);
cleanup:
	git_remote_free(remote);
	git_repository_free(repo);
	g_free(ours);
	g_free(url);
	g_free(path);
	return error;
}

/* Whether `url` answers as a git repository.  LD_ENOTFOUND (with
 * libgit2's reason recorded) when it does not. */
static int probe_epoch(const char *url)
{
	git_remote_connect_options co;
	git_remote *remote = NULL;
	int error = LD_OK;

	git_remote_connect_options_init(&co,
					GIT_REMOTE_CONNECT_OPTIONS_VERSION);
	co.proxy_opts.type = GIT_PROXY_AUTO;
	if (git_remote_create_detached(&remote, url) < 0 ||
	    git_remote_connect_ext(remote, GIT_DIRECTION_FETCH, &co) < 0) {
		git_fail("cannot fetch", url);
		error = LD_ENOTFOUND;
	}
	if (remote)
		git_remote_disconnect(remote);
	git_remote_free(remote);
	return error;
}

/* libgit2's clone adds the symbolic ref refs/remotes/origin/HEAD, which
 * `git clone --mirror` does not make.  It would make our `git show-ref`,
 * and so the fingerprint, differ from the server's; drop it (best
 * effort: it costs only a fetch that could have been skipped). */
static void drop_origin_head(git_repository *repo)
{
	git_reference *ref = NULL;

	if (git_reference_lookup(&ref, repo, "refs/remotes/origin/HEAD") == 0
	    && git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC)
		git_reference_delete(ref);
	git_reference_free(ref);
}

/* Clone epoch `n`, new here, into a temporary directory beside its place
 * and move it there when complete.  With `probe`, first check that the
 * epoch exists: LD_ENOTFOUND when it cannot be reached. */
static int clone_epoch(ld_sync_epoch *res, sync_run *r, size_t n,
		       bool probe)
{
	char *path = epoch_path(r, n), *url = epoch_url(r, n), *tmp = NULL;
	git_clone_options co;
	git_repository *repo = NULL;
	int error;

	if (probe && (error = probe_epoch(url)) < 0)
		goto cleanup;
	if (g_mkdir_with_parents(r->gitdir, 0777) < 0) {
		ld_error_set("cannot create %s: %s", r->gitdir,
			     g_strerror(errno));
		error = LD_ERROR;
		goto cleanup;
	}
	tmp = g_strdup_printf("%s/.%zu.git-XXXXXX", r->gitdir, n);
	if (!g_mkdtemp(tmp)) {
		ld_error_set("cannot create a directory in %s: %s", r->gitdir,
			     g_strerror(errno));
		g_free(tmp);
		tmp = NULL;
		error = LD_ERROR;
		goto cleanup;
	}
	git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
	co.bare = 1;
	co.remote_cb = mirror_remote;
	fetch_options(&co.fetch_opts, r);
	if (git_clone(&repo, url, tmp, &co) < 0) {
		error = git_fail("cannot clone", url);
		goto cleanup;
	}
	drop_origin_head(repo);
	if ((error = count_new(&res->new_commits, repo, NULL, url)) < 0)
		goto cleanup;
	git_repository_free(repo);
	repo = NULL;
	if (g_file_test(path, G_FILE_TEST_EXISTS)) {
		ld_error_set("%s appeared while it was being cloned", path);
		error = LD_ERROR;
		goto cleanup;
	}
	if (g_rename(tmp, path) < 0) {
		ld_error_set("cannot rename %s to %s: %s", tmp, path,
			     g_strerror(errno));
		error = LD_ERROR;
		goto cleanup;
	}
	res->cloned = true;
	error = LD_OK;
cleanup:
	git_repository_free(repo);
	if (tmp && error < 0)
		remove_tree(tmp);
	g_free(tmp);
	g_free(url);
	g_free(path);
	return error;
}

/* Sync epoch `n`: fetch it when we have it, else clone it. */
static int sync_epoch(sync_run *r, size_t n, bool have,
		      const remote_epoch *listed, bool probe)
{
	ld_sync_epoch res = { 0 };
	int error;

	res.epoch = n;
	r->epoch = n;
	error = have ? fetch_epoch(&res, r, n, listed) :
		       clone_epoch(&res, r, n, probe);
	if (error == LD_OK && r->opts->epoch_done)
		r->opts->epoch_done(&res, r->opts->payload);
	return error;
}

int ld_source_sync(const char *dir, const char *url,
		   const ld_sync_options *opts)
{
	ld_sync_options defaults = LD_SYNC_OPTIONS_INIT;
	sync_run r = { 0 };
	GArray *manifest = NULL;
	bool existed;
	size_t local, n;
	guint i;
	int error;

	if (!url || !*url || !dir || !*dir) {
		ld_error_set("no %s given", !url || !*url ? "URL" :
			     "directory");
		return LD_EINVALID;
	}
	existed = g_file_test(dir, G_FILE_TEST_EXISTS);
	if ((error = check_dir(dir)) < 0)
		return error;
	r.gitdir = g_build_filename(dir, "git", NULL);
	r.url = g_strdup(url);
	while (strlen(r.url) > 1 && g_str_has_suffix(r.url, "/"))
		r.url[strlen(r.url) - 1] = '\0';
	r.local = is_local_url(r.url);
	if (r.local && !g_str_has_prefix(r.url, "file://")) {
		/* Recorded in the mirror: must not depend on our cwd. */
		char *abs = g_canonicalize_filename(r.url, NULL);

		g_free(r.url);
		r.url = abs;
	}
	r.opts = opts ? opts : &defaults;
	local = local_epochs(&r);

	if (!r.opts->no_manifest && is_http_url(r.url))
		manifest = manifest_fetch(&r);
	if (manifest) {
		/* Ours (listed or not), then the listed ones we lack. */
		for (n = 0; n < local; n++)
			if ((error = sync_epoch(&r, n, true,
						manifest_find(manifest, n),
						false)) < 0)
				goto cleanup;
		for (i = 0; i < manifest->len; i++) {
			const remote_epoch *e = &g_array_index(manifest,
							       remote_epoch, i);

			if (e->epoch >= local &&
			    (error = sync_epoch(&r, e->epoch, false, e,
						false)) < 0)
				goto cleanup;
		}
		error = LD_OK;
		goto cleanup;
	}
	for (n = 0; n < local; n++)
		if ((error = sync_epoch(&r, n, true, NULL, false)) < 0)
			goto cleanup;
	for (n = local;; n++) {
		error = sync_epoch(&r, n, false, NULL, true);
		if (error == LD_ENOTFOUND) {
			/* No epoch 0: the URL or the server is wrong. */
			error = n == 0 ? LD_ERROR : LD_OK;
			break;
		}
		if (error < 0)
			break;
	}
cleanup:
	if (error < 0 && !existed) {
		/* Leave no empty directories behind a failed first sync. */
		g_rmdir(r.gitdir);
		g_rmdir(dir);
	}
	if (manifest)
		g_array_unref(manifest);
	g_free(r.url);
	g_free(r.gitdir);
	return error;
}

int ld_source_sync_url(char **out, const char *dir)
{
	static const char *const suffixes[] = { "/0", "/0/", "/git/0.git",
						"/git/0.git/" };
	char *path = g_build_filename(dir, "git", "0.git", NULL);
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_config_entry *url = NULL;
	size_t i, len;
	int error = LD_ENOTFOUND;

	*out = NULL;
	if (git_repository_open_bare(&repo, path) < 0) {
		ld_error_set("%s is not a mirror made by listdigest sync "
			     "(no %s)", dir, path);
		goto cleanup;
	}
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_get_entry(&url, cfg, "remote.origin.url") < 0) {
		ld_error_set("%s records no URL (remote.origin.url)", path);
		goto cleanup;
	}
	len = strlen(url->value);
	for (i = 0; i < G_N_ELEMENTS(suffixes); i++)
		if (g_str_has_suffix(url->value, suffixes[i]) &&
		    len > strlen(suffixes[i])) {
			*out = g_strndup(url->value, len - strlen(suffixes[i]));
			error = LD_OK;
			goto cleanup;
		}
	ld_error_set("the URL of %s (%s) does not name epoch 0", path,
		     url->value);
cleanup:
	git_config_entry_free(url);
	git_config_free(cfg);
	git_repository_free(repo);
	g_free(path);
	return error;
}
