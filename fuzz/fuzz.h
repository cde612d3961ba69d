/* fuzz/fuzz.h - what the libFuzzer harnesses and the regression runner
 * share
 *
 * Each fuzz_<name>.c holds one harness as two plain functions,
 * ld_fuzz_<name>_init() and ld_fuzz_<name>(), and LD_FUZZ_ENTRY(name)
 * turns them into libFuzzer's LLVMFuzzerInitialize() and
 * LLVMFuzzerTestOneInput().  Built with -DLD_FUZZ_STANDALONE the entry
 * points are left out, so that regress.c can link every harness into one
 * ordinary program and replay tests/corpora/fuzz/<name>/ through exactly
 * the code libFuzzer ran.
 *
 * A harness never rejects an input: every byte string must be handled.
 * Besides crashes and sanitizer reports, FUZZ_CHECK() turns a broken
 * promise of the API (a NULL string, invalid UTF-8, a control character in
 * a header value, ...) into an abort, which libFuzzer reports as a crash.
 */
#ifndef LD_FUZZ_H
#define LD_FUZZ_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Abort with the failed condition, whatever NDEBUG says. */
#define FUZZ_CHECK(cond)                                                     \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n",    \
				__FILE__, __LINE__, #cond);                  \
			abort();                                             \
		}                                                            \
	} while (0)

/* The harnesses. */
void ld_fuzz_message_init(void);
int ld_fuzz_message(const uint8_t *data, size_t size);
void ld_fuzz_subject_init(void);
int ld_fuzz_subject(const uint8_t *data, size_t size);
void ld_fuzz_inbody_init(void);
int ld_fuzz_inbody(const uint8_t *data, size_t size);
void ld_fuzz_mbox_init(void);
int ld_fuzz_mbox(const uint8_t *data, size_t size);
void ld_fuzz_when_init(void);
int ld_fuzz_when(const uint8_t *data, size_t size);

/* libFuzzer's entry points. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifdef LD_FUZZ_STANDALONE
#define LD_FUZZ_ENTRY(name)
#else
#define LD_FUZZ_ENTRY(name)                                                  \
	int LLVMFuzzerInitialize(int *argc, char ***argv)                    \
	{                                                                    \
		(void)argc;                                                  \
		(void)argv;                                                  \
		ld_fuzz_##name##_init();                                     \
		return 0;                                                    \
	}                                                                    \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)         \
	{                                                                    \
		return ld_fuzz_##name(data, size);                           \
	}
#endif

/* The input as a NUL-terminated string (it may hold NULs of its own,
 * which end it early, as they would in a C string); g_free. */
static inline char *ld_fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = g_malloc(size + 1);

	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* What parse.h promises for every string of an ld_mail: not NULL, valid
 * UTF-8, no C0 control, DEL or C1 control; outside header values (`text`)
 * LF and tab are allowed. */
static inline void ld_fuzz_check_clean(const char *s, bool text)
{
	const unsigned char *p;

	FUZZ_CHECK(s != NULL);
	FUZZ_CHECK(g_utf8_validate(s, -1, NULL));
	for (p = (const unsigned char *)s; *p; p++) {
		if (text && (*p == '\n' || *p == '\t'))
			continue;
		FUZZ_CHECK(*p >= 0x20 && *p != 0x7f);
		/* C1 controls U+0080..U+009F are C2 80..C2 9F */
		FUZZ_CHECK(*p != 0xc2 || p[1] < 0x80 || p[1] > 0x9f);
	}
}

#endif
