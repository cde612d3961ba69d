/* fuzz/fuzz_mbox.c - the mbox splitter on arbitrary bytes
 *
 * mbox.c reads a file, so each input is written to a memfd and opened
 * through /proc/self/fd/N with ld_source_open(LD_SOURCE_MBOX), once per
 * variant (AUTO, RD, O, CL, CL2); gzip input is gunzipped as a real file
 * would be.  Every message is then listed and read back through a reader,
 * as the index stage does.  Checked: the source either refuses the input
 * with LD_EINVALID or serves non-empty messages whose ids it can find
 * again, never more bytes than the input had (when not gzip), and AUTO
 * splits exactly as CL2 or as RD does (source.h: "mboxcl2 when
 * Content-Length headers delimit the messages exactly, else mboxrd").
 */
#include "fuzz.h"

#include <sys/mman.h>
#include <unistd.h>

#include "source/source.h"
#include "util/error.h"

static int memfd = -1;
static char memfd_path[64];

void ld_fuzz_mbox_init(void)
{
	if (memfd >= 0)
		return;
	ld_source_init();
	memfd = memfd_create("ld-fuzz-mbox", MFD_CLOEXEC);
	FUZZ_CHECK(memfd >= 0);
	g_snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d", memfd);
}

/* The git blob id of `len` bytes at `data` ("blob LEN\0" DATA). */
static void blob_id(ld_oid *out, const char *data, size_t len)
{
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA1);
	char header[64];
	gsize n = sizeof(out->id);
	int h = g_snprintf(header, sizeof(header), "blob %zu", len);

	g_checksum_update(sum, (const guchar *)header, (gssize)h + 1);
	g_checksum_update(sum, (const guchar *)data, (gssize)len);
	g_checksum_get_digest(sum, out->id, &n);
	g_checksum_free(sum);
	FUZZ_CHECK(n == sizeof(out->id));
}

/* Open the memfd as `format`; the ids of its messages in order (NULL when
 * the source refused the input). */
static GArray *split(ld_mbox_format format, bool gzip, size_t size)
{
	ld_source *src = NULL;
	ld_source_reader *reader = NULL;
	ld_oid *ids = NULL, tip, blob, want;
	ld_entry_kind kind;
	const char *data;
	size_t n = 0, i, len, total = 0;
	GArray *out;
	int error;

	error = ld_source_open(&src, memfd_path, LD_SOURCE_MBOX, format);
	if (error != LD_OK) {
		FUZZ_CHECK(error == LD_EINVALID);
		FUZZ_CHECK(src == NULL);
		return NULL;
	}
	FUZZ_CHECK(ld_source_epoch_count(src) == 1);
	FUZZ_CHECK(ld_source_list_commits(&ids, NULL, &n, src, 0, NULL) == LD_OK);
	error = ld_source_epoch_tip(&tip, src, 0);
	if (n == 0) {
		FUZZ_CHECK(error == LD_ENOTFOUND);
	} else {
		FUZZ_CHECK(error == LD_OK);
		FUZZ_CHECK(ld_oid_equal(&tip, &ids[n - 1]));
	}
	FUZZ_CHECK(ld_source_reader_new(&reader, src) == LD_OK);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(ld_source_read(reader, 0, &ids[i], NULL, &kind, &blob,
					  &data, &len) == LD_OK);
		FUZZ_CHECK(kind == LD_ENTRY_ADD);
		FUZZ_CHECK(ld_oid_equal(&blob, &ids[i]));
		FUZZ_CHECK(data != NULL && len > 0);
		/* named by its git blob id; hashing reads every byte, so
		 * ASan sees a message that overruns its buffer */
		blob_id(&want, data, len);
		FUZZ_CHECK(ld_oid_equal(&want, &ids[i]));
		total += len;
	}
	if (!gzip)
		FUZZ_CHECK(total <= size);
	if (n > 0) {
		ld_oid *rest = NULL;
		size_t m = 0;

		/* everything after the last message is nothing */
		FUZZ_CHECK(ld_source_list_commits(&rest, NULL, &m, src, 0,
						  &ids[n - 1]) == LD_OK);
		FUZZ_CHECK(m == 0);
		g_free(rest);
	}
	out = g_array_sized_new(FALSE, FALSE, sizeof(ld_oid), (guint)n);
	g_array_append_vals(out, ids, (guint)n);
	ld_source_reader_free(reader);
	g_free(ids);
	ld_source_free(src);
	return out;
}

static bool same(const GArray *a, const GArray *b)
{
	guint i;

	if (!a || !b)
		return a == b;
	if (a->len != b->len)
		return false;
	for (i = 0; i < a->len; i++)
		if (!ld_oid_equal(&g_array_index(a, ld_oid, i),
				  &g_array_index(b, ld_oid, i)))
			return false;
	return true;
}

int ld_fuzz_mbox(const uint8_t *data, size_t size)
{
	static const ld_mbox_format formats[] = {
		LD_MBOX_AUTO, LD_MBOX_RD, LD_MBOX_O, LD_MBOX_CL, LD_MBOX_CL2
	};
	GArray *got[G_N_ELEMENTS(formats)];
	bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
	size_t i, done = 0;
	ssize_t n;

	FUZZ_CHECK(ftruncate(memfd, 0) == 0);
	while (done < size) {
		n = pwrite(memfd, data + done, size - done, (off_t)done);
		FUZZ_CHECK(n > 0);
		done += (size_t)n;
	}
	for (i = 0; i < G_N_ELEMENTS(formats); i++)
		got[i] = split(formats[i], gzip, size);
	/* AUTO is CL2 when every Content-Length fits, else RD */
	FUZZ_CHECK(same(got[0], got[4]) || same(got[0], got[1]));
	for (i = 0; i < G_N_ELEMENTS(formats); i++) {
		/* the variants differ in splitting, not in what is a file */
		FUZZ_CHECK((got[i] == NULL) == (got[0] == NULL));
		if (got[i])
			g_array_free(got[i], TRUE);
	}
	return 0;
}

LD_FUZZ_ENTRY(mbox)
