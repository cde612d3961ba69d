/* tests/people/orgmap.c - the organisation map's rules (gitdm EmailMap)
 *
 * Dated rules on both sides of their end date, a domain rule covering its
 * subdomains unless a more specific rule exists, an address rule beating
 * the domain rules, comments, case, and malformed lines.  Instants are
 * written as numbers with the day they stand for in a comment.
 */
#include "model/model.h"
#include "util/error.h"

#include <glib.h>

#define D_2019 INT64_C(1546300800)   /* 2019-01-01T00:00:00Z */
#define D_END  INT64_C(1561939200)   /* 2019-07-01T00:00:00Z */
#define D_2023 INT64_C(1672531200)   /* 2023-01-01T00:00:00Z */

static const char rules[] =
	"# a comment line\n"
	"intel.com        Intel\n"
	"linux.intel.com  Intel Open Source   # a trailing comment\n"
	"redhat.com       Red Hat\n"
	"Jane@Example.COM  Example Corp\n"
	"example.com      (personal)\n"
	"acme.com         Old Acme < 2019-07-01\n"
	"acme.com         New Acme\n"
	"joe@gmail.com    Joe's Company < 2019-07-01\n"
	"gmail.com        (personal)\n"
	"\n";

static ld_orgmap *load(void)
{
	ld_orgmap *map = NULL;

	g_assert_cmpint(ld_orgmap_parse(&map, rules, "test"), ==, LD_OK);
	g_assert_nonnull(map);
	return map;
}

static void test_subdomains(void)
{
	ld_orgmap *map = load();

	g_assert_cmpstr(ld_orgmap_lookup(map, "a@intel.com", D_2023), ==,
			"Intel");
	/* a subdomain without a rule of its own falls to its parent */
	g_assert_cmpstr(ld_orgmap_lookup(map, "a@ger.corp.intel.com", D_2023),
			==, "Intel");
	/* a more specific rule wins, also for its own subdomains */
	g_assert_cmpstr(ld_orgmap_lookup(map, "a@linux.intel.com", D_2023),
			==, "Intel Open Source");
	g_assert_cmpstr(ld_orgmap_lookup(map, "a@x.linux.intel.com", D_2023),
			==, "Intel Open Source");
	/* a suffix that is not a label boundary is another domain */
	g_assert_null(ld_orgmap_lookup(map, "a@notintel.com", D_2023));
	g_assert_null(ld_orgmap_lookup(map, "a@intel.com.cn", D_2023));
	g_assert_null(ld_orgmap_lookup(map, "no-at-sign", D_2023));
	/* addresses compare case-insensitively */
	g_assert_cmpstr(ld_orgmap_lookup(map, "A@RedHat.COM", D_2023), ==,
			"Red Hat");
	ld_orgmap_free(map);
}

static void test_address_beats_domain(void)
{
	ld_orgmap *map = load();

	g_assert_cmpstr(ld_orgmap_lookup(map, "jane@example.com", D_2023), ==,
			"Example Corp");
	g_assert_cmpstr(ld_orgmap_lookup(map, "JANE@example.com", D_2023), ==,
			"Example Corp");
	g_assert_cmpstr(ld_orgmap_lookup(map, "john@example.com", D_2023), ==,
			"(personal)");
	ld_orgmap_free(map);
}

static void test_dated(void)
{
	ld_orgmap *map = load();

	g_assert_cmpstr(ld_orgmap_lookup(map, "a@acme.com", D_2019), ==,
			"Old Acme");
	g_assert_cmpstr(ld_orgmap_lookup(map, "a@acme.com", D_END - 1), ==,
			"Old Acme");
	/* the end day itself is after the rule */
	g_assert_cmpstr(ld_orgmap_lookup(map, "a@acme.com", D_END), ==,
			"New Acme");
	g_assert_cmpstr(ld_orgmap_lookup(map, "a@acme.com", D_2023), ==,
			"New Acme");
	/* an expired address rule falls back to the domain's */
	g_assert_cmpstr(ld_orgmap_lookup(map, "joe@gmail.com", D_2019), ==,
			"Joe's Company");
	g_assert_cmpstr(ld_orgmap_lookup(map, "joe@gmail.com", D_2023), ==,
			"(personal)");
	ld_orgmap_free(map);
}

static void test_malformed(void)
{
	ld_orgmap *map = NULL;

	g_assert_cmpint(ld_orgmap_parse(&map, "intel.com\n", "t"), ==,
			LD_EINVALID);
	g_assert_null(map);
	g_assert_cmpint(ld_orgmap_parse(&map, "a.com A < 2019-13-01\n", "t"),
			==, LD_EINVALID);
	g_assert_cmpint(ld_orgmap_parse(&map, "a.com A < soon\n", "t"), ==,
			LD_EINVALID);
	g_assert_null(map);
	g_assert_cmpint(ld_orgmap_open(&map, "/nonexistent/orgmap"), ==,
			LD_ENOTFOUND);
}

static void test_default_map(void)
{
	ld_orgmap *map = NULL;

	g_assert_cmpint(ld_orgmap_open(&map, "default"), ==, LD_OK);
	g_assert_cmpstr(ld_orgmap_lookup(map, "x@linux.microsoft.com",
					 D_2023), ==, "Microsoft");
	g_assert_cmpstr(ld_orgmap_lookup(map, "x@linux.intel.com", D_2023),
			==, "Intel");
	g_assert_cmpstr(ld_orgmap_lookup(map, "x@gmail.com", D_2023), ==,
			"(personal)");
	g_assert_cmpstr(ld_orgmap_lookup(map, "x@kernel.org", D_2023), ==,
			"(kernel.org)");
	g_assert_null(ld_orgmap_lookup(map, "x@example.invalid", D_2023));
	ld_orgmap_free(map);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/people/orgmap/subdomains", test_subdomains);
	g_test_add_func("/people/orgmap/address-beats-domain",
			test_address_beats_domain);
	g_test_add_func("/people/orgmap/dated", test_dated);
	g_test_add_func("/people/orgmap/malformed", test_malformed);
	g_test_add_func("/people/orgmap/default", test_default_map);
	return g_test_run();
}
