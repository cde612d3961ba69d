/* tests/parse/fixture.h - what several parse test programs share */
#ifndef LD_TEST_PARSE_FIXTURE_H
#define LD_TEST_PARSE_FIXTURE_H

#include "parse/parse.h"

/* Parse tests/corpora/parse/`name` ($LD_CORPORA overrides the corpora
 * directory); aborts the test on failure. */
ld_mail *fixture_parse_file(const char *name);

/* The ld_mail that scanning `body` gives (message id "self@example.org"). */
ld_mail *fixture_scan(const char *body);

#endif
