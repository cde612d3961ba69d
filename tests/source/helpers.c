/* tests/source/helpers.c - scratch files and message checks for the source
 * tests
 *
 * Everything goes through the public API of source/source.h, as the index
 * stage uses it: the "commits" of epoch 0 are the messages, each read with
 * ld_source_read().  Blob ids are recomputed here with GChecksum rather
 * than trusted from source.c.
 */
#include "helpers.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"

static char *scratch;

const char *th_scratch(void)
{
	GError *err = NULL;

	if (!scratch && !(scratch = g_dir_make_tmp("ld-source-XXXXXX", &err)))
		g_error("scratch directory: %s", err->message);
	return scratch;
}

static void rmrf(const char *path)
{
	GDir *d;
	const char *name;

	if (!g_file_test(path, G_FILE_TEST_IS_SYMLINK) &&
	    g_file_test(path, G_FILE_TEST_IS_DIR) &&
	    (d = g_dir_open(path, 0, NULL)) != NULL) {
		while ((name = g_dir_read_name(d)) != NULL) {
			char *sub = g_build_filename(path, name, NULL);

			rmrf(sub);
			g_free(sub);
		}
		g_dir_close(d);
		g_rmdir(path);
		return;
	}
	g_unlink(path);
}

void th_cleanup(void)
{
	if (!scratch)
		return;
	rmrf(scratch);
	g_free(scratch);
	scratch = NULL;
}

char *th_path(const char *name)
{
	return g_build_filename(th_scratch(), name, NULL);
}

void th_write(const char *path, const char *data, size_t len)
{
	char *dir = g_path_get_dirname(path);
	FILE *f;

	g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
	g_free(dir);
	/* not g_file_set_contents(): it fsyncs (slow for a thousand files),
	 * and GLib 2.74's G_FILE_SET_CONTENTS_NONE does not truncate */
	if (!(f = g_fopen(path, "wb")))
		g_error("%s: %s", path, g_strerror(errno));
	if ((len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
		g_error("%s: write error", path);
}

char *th_gzip(const char *data, size_t len, size_t *out_len)
{
	GZlibCompressor *z =
		g_zlib_compressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
	GError *err = NULL;
	size_t cap = len + 1024, pos = 0, out = 0;
	char *buf = g_malloc(cap);

	for (;;) {
		gsize nread = 0, nwritten = 0;
		GConverterResult res;

		if (cap - out < 65536) {
			cap *= 2;
			buf = g_realloc(buf, cap);
		}
		res = g_converter_convert(G_CONVERTER(z), data + pos,
					  len - pos, buf + out, cap - out,
					  G_CONVERTER_INPUT_AT_END, &nread,
					  &nwritten, &err);
		g_assert_no_error(err);
		pos += nread;
		out += nwritten;
		if (res == G_CONVERTER_FINISHED)
			break;
	}
	g_object_unref(z);
	*out_len = out;
	return buf;
}

void th_blob_hex(char out[LD_OID_HEXSZ + 1], const char *data, size_t len)
{
	char *header = g_strdup_printf("blob %zu", len);
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA1);

	g_checksum_update(sum, (const guchar *)header, strlen(header) + 1);
	g_checksum_update(sum, (const guchar *)data, (gssize)len);
	g_strlcpy(out, g_checksum_get_string(sum), LD_OID_HEXSZ + 1);
	g_checksum_free(sum);
	g_free(header);
}

/* Show bytes readably in a failure message; g_free. */
static char *show(const char *data, size_t len)
{
	GString *s = g_string_new(NULL);
	size_t i;

	for (i = 0; i < len && i < 400; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c == '\n')
			g_string_append(s, "\\n\n");
		else if (c == '\r')
			g_string_append(s, "\\r");
		else if (c < 0x20 || c >= 0x7f)
			g_string_append_printf(s, "\\x%02x", c);
		else
			g_string_append_c(s, (char)c);
	}
	if (len > 400)
		g_string_append_printf(s, "... (%zu bytes)", len);
	return g_string_free(s, FALSE);
}

static void check_reader(ld_source *src, const ld_oid *ids, size_t count,
			 const th_msg *want)
{
	ld_source_reader *reader = NULL;
	size_t i;

	g_assert_cmpint(ld_source_reader_new(&reader, src), ==, LD_OK);
	for (i = 0; i < count; i++) {
		ld_entry_kind kind;
		ld_oid blob;
		const char *data;
		size_t len;
		char hex[LD_OID_HEXSZ + 1], want_hex[LD_OID_HEXSZ + 1];

		if (ld_source_read(reader, 0, &ids[i], NULL, &kind, &blob, &data,
				   &len) < 0)
			g_error("message %zu: %s", i, ld_error_last());
		g_assert_cmpint(kind, ==, LD_ENTRY_ADD);
		if (len != want[i].len || memcmp(data, want[i].data, len)) {
			char *got = show(data, len);
			char *exp = show(want[i].data, want[i].len);

			g_error("message %zu differs\n--- got:\n%s\n"
				"--- expected:\n%s", i, got, exp);
		}
		ld_oid_fmt(hex, &blob);
		th_blob_hex(want_hex, want[i].data, want[i].len);
		g_assert_cmpstr(hex, ==, want_hex);
		g_assert_true(ld_oid_equal(&blob, &ids[i]));
	}
	ld_source_reader_free(reader);
}

void th_check(const char *path, ld_source_type type, ld_mbox_format format,
	      const th_msg *want, size_t n)
{
	ld_source *src = NULL;
	ld_oid *ids = NULL;
	size_t count = 0;
	int error;

	error = ld_source_open(&src, path, type, format);
	if (error < 0)
		g_error("%s: %s", path, ld_error_last());
	g_assert_false(ld_source_is_git(src));
	g_assert_cmpuint(ld_source_epoch_count(src), ==, 1);
	g_assert_cmpint(ld_source_list_commits(&ids, NULL, &count, src, 0, NULL),
			==, LD_OK);
	if (count != n) {
		size_t i;

		g_test_message("%s: %zu messages, expected %zu", path, count,
			       n);
		check_reader(src, ids, MIN(count, n), want);
		for (i = 0; i < count; i++)
			g_test_message("message %zu", i);
	}
	g_assert_cmpuint(count, ==, n);
	check_reader(src, ids, count, want);
	/* a second reader sees the same bytes */
	check_reader(src, ids, count, want);
	g_free(ids);
	ld_source_free(src);
}

char *th_open_fails(const char *path, ld_source_type type,
		    ld_mbox_format format, int code)
{
	ld_source *src = NULL;
	int error = ld_source_open(&src, path, type, format);

	if (error >= 0)
		g_error("%s: opened, expected error %d", path, code);
	g_assert_null(src);
	g_assert_cmpint(error, ==, code);
	return g_strdup(ld_error_last());
}

typedef struct {
	ld_source *src;
	const ld_oid *ids;
	GPtrArray *want;  /* GBytes */
	gint failures;
} thread_job;

static gpointer read_all(gpointer p)
{
	thread_job *job = p;
	ld_source_reader *reader = NULL;
	guint i, round;

	ld_source_reader_new(&reader, job->src);
	for (round = 0; round < 2; round++)
		for (i = 0; i < job->want->len; i++) {
			ld_entry_kind kind;
			ld_oid blob;
			const char *data;
			size_t len;
			gsize wlen;
			const char *w = g_bytes_get_data(
				g_ptr_array_index(job->want, i), &wlen);

			if (ld_source_read(reader, 0, &job->ids[i], NULL, &kind,
					   &blob, &data, &len) < 0 ||
			    len != wlen || memcmp(data, w, len) != 0)
				g_atomic_int_inc(&job->failures);
		}
	ld_source_reader_free(reader);
	return NULL;
}

void th_check_threads(const char *path, GPtrArray *want)
{
	thread_job job = { NULL, NULL, want, 0 };
	GThread *threads[8];
	ld_oid *ids = NULL;
	size_t i, n = 0;

	g_assert_cmpint(ld_source_open(&job.src, path, LD_SOURCE_AUTO,
				       LD_MBOX_AUTO), ==, LD_OK);
	g_assert_cmpint(ld_source_list_commits(&ids, NULL, &n, job.src, 0, NULL),
			==, LD_OK);
	g_assert_cmpuint(n, ==, want->len);
	job.ids = ids;
	for (i = 0; i < G_N_ELEMENTS(threads); i++)
		threads[i] = g_thread_new("reader", read_all, &job);
	for (i = 0; i < G_N_ELEMENTS(threads); i++)
		g_thread_join(threads[i]);
	g_assert_cmpint(job.failures, ==, 0);
	ld_source_free(job.src);
	g_free(ids);
}
