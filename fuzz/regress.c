/* fuzz/regress.c - replay fuzz inputs through the harnesses, without
 * libFuzzer
 *
 *   fuzz-regressions DIR             every file of DIR/<target>/ (README*
 *                                    and dot files aside) through <target>
 *   fuzz-regressions TARGET FILE...  the given files through TARGET
 *
 * The harnesses are the fuzz_<target>.c files built with
 * -DLD_FUZZ_STANDALONE and linked against the ordinary liblistdigest, so
 * that each crash libFuzzer found once (kept in tests/corpora/fuzz/) is
 * run by `make test` under ASan and UBSan as a plain program.  An input
 * that still crashes aborts the program; one line per input says what ran.
 */
#include "fuzz.h"

typedef struct {
	const char *name;
	void (*init)(void);
	int (*run)(const uint8_t *data, size_t size);
} target;

static const target targets[] = {
	{ "message", ld_fuzz_message_init, ld_fuzz_message },
	{ "subject", ld_fuzz_subject_init, ld_fuzz_subject },
	{ "inbody", ld_fuzz_inbody_init, ld_fuzz_inbody },
	{ "mbox", ld_fuzz_mbox_init, ld_fuzz_mbox },
	{ "when", ld_fuzz_when_init, ld_fuzz_when },
};

/* Sanitizer reports fail the test even when run outside
 * scripts/run-tests.sh; $UBSAN_OPTIONS still overrides this. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1";
}

static const target *find_target(const char *name)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(targets); i++)
		if (strcmp(targets[i].name, name) == 0)
			return &targets[i];
	return NULL;
}

static void run_file(const target *t, const char *path, unsigned *count)
{
	GError *err = NULL;
	gchar *data;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, &err)) {
		fprintf(stderr, "fuzz-regressions: %s\n", err->message);
		exit(1);
	}
	t->run((const uint8_t *)data, len);
	g_free(data);
	printf("ok %u %s %s (%zu bytes)\n", ++*count, t->name, path,
	       (size_t)len);
	fflush(stdout);
}

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in `dir` that are not README* or dot files, sorted; NULL
 * after printing why when `dir` cannot be read. */
static GPtrArray *list_dir(const char *dir)
{
	GError *err = NULL;
	GDir *d = g_dir_open(dir, 0, &err);
	GPtrArray *names;
	const char *name;

	if (!d) {
		fprintf(stderr, "fuzz-regressions: %s\n", err->message);
		g_error_free(err);
		return NULL;
	}
	names = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(d)))
		if (name[0] != '.' && !g_str_has_prefix(name, "README"))
			g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	qsort(names->pdata, names->len, sizeof(char *), compare);
	return names;
}

/* Every input of `dir`/<target>/, targets and inputs in name order. */
static void run_dir(const char *dir, unsigned *count)
{
	GPtrArray *subdirs = list_dir(dir), *files;
	const target *t;
	char *subdir, *path;
	guint i, k;

	if (!subdirs)
		exit(1);
	for (i = 0; i < subdirs->len; i++) {
		subdir = g_build_filename(dir, subdirs->pdata[i], NULL);
		if (!g_file_test(subdir, G_FILE_TEST_IS_DIR)) {
			g_free(subdir);
			continue;
		}
		if (!(t = find_target(subdirs->pdata[i]))) {
			fprintf(stderr, "fuzz-regressions: %s: no such "
				"target\n", subdir);
			exit(1);
		}
		if (!(files = list_dir(subdir)))
			exit(1);
		t->init();
		for (k = 0; k < files->len; k++) {
			path = g_build_filename(subdir, files->pdata[k], NULL);
			run_file(t, path, count);
			g_free(path);
		}
		g_ptr_array_free(files, TRUE);
		g_free(subdir);
	}
	g_ptr_array_free(subdirs, TRUE);
}

int main(int argc, char **argv)
{
	const target *t;
	unsigned count = 0;
	int i;

	if (argc == 2) {
		run_dir(argv[1], &count);
	} else if (argc > 2 && (t = find_target(argv[1]))) {
		t->init();
		for (i = 2; i < argc; i++)
			run_file(t, argv[i], &count);
	} else {
		fprintf(stderr, "usage: fuzz-regressions DIR\n"
			"       fuzz-regressions TARGET FILE...\n"
			"targets: message subject inbody mbox when\n");
		return 2;
	}
	if (count == 0) {
		fprintf(stderr, "fuzz-regressions: no inputs\n");
		return 1;
	}
	printf("%u inputs, no crash\n", count);
	return 0;
}
