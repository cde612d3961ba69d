/* tests/source/helpers.h - shared by the source stage's unit tests
 *
 * A scratch directory per test program, files written into it, and a check
 * that opens a path through the public API (ld_source_open, list_commits,
 * reader_new, read) and compares every message's bytes and id.
 */
#ifndef LD_TESTS_SOURCE_HELPERS_H
#define LD_TESTS_SOURCE_HELPERS_H

#include <glib.h>
#include <stddef.h>

#include "source/source.h"

/* A message as expected: bytes and length (they may hold NULs). */
typedef struct {
	const char *data;
	size_t len;
} th_msg;

/* A th_msg from a string literal. */
#define TH_MSG(lit) { (lit), sizeof(lit) - 1 }

/* The scratch directory (made on first use, removed by th_cleanup()). */
const char *th_scratch(void);
void th_cleanup(void);

/* A new path in the scratch directory; g_free. */
char *th_path(const char *name);

/* Write `len` bytes to `path`, making its parent directories. */
void th_write(const char *path, const char *data, size_t len);

/* gzip `data`; *out_len bytes, g_free. */
char *th_gzip(const char *data, size_t len, size_t *out_len);

/* The git blob id of `len` bytes at `data` as 40 hex digits (git
 * hash-object), computed independently of source.c. */
void th_blob_hex(char out[LD_OID_HEXSZ + 1], const char *data, size_t len);

/*
 * Open `path` as `type` / `format` and assert that it holds exactly the
 * `n` messages of `want`, in order, byte for byte, each named by its blob
 * id; also read them again through a second reader.
 */
void th_check(const char *path, ld_source_type type, ld_mbox_format format,
	      const th_msg *want, size_t n);

/* Open `path` and assert that it fails with `code`; returns the error
 * message (g_free). */
char *th_open_fails(const char *path, ld_source_type type,
		    ld_mbox_format format, int code);

/* Open `path`, expect its messages to be `want` (GBytes *, in order), and
 * read them all from eight reader threads at once, each making its reader
 * as the index stage does. */
void th_check_threads(const char *path, GPtrArray *want);

#endif
