/* model/orgmap.c - gitdm EmailMap rules: address or domain to organisation
 *
 * Rules are kept by their lower-cased key (an address or a domain), each
 * key with its rules sorted by end date, the open-ended one last.  A
 * lookup tries the address, then the domain and each parent domain, and
 * at each key takes the first rule whose end date lies after the message.
 *
 * Owns: the ld_orgmap and its rules.
 */
#include "model/model.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"

#ifndef LD_DATADIR
#define LD_DATADIR "data"
#endif

typedef struct rule {
	char *org;
	int64_t end;          /* applies to dates before this; INT64_MAX */
} rule;

struct ld_orgmap {
	GHashTable *rules;    /* key -> GPtrArray of rule *, by end */
};

static void rule_free(gpointer p)
{
	rule *r = p;

	g_free(r->org);
	g_free(r);
}

static gint by_end(gconstpointer a, gconstpointer b)
{
	const rule *x = *(rule *const *)a;
	const rule *y = *(rule *const *)b;

	return x->end < y->end ? -1 : x->end > y->end;
}

/* "YYYY-MM-DD" as midnight UTC. */
static int parse_day(int64_t *out, const char *text)
{
	int y, m, d, n = 0;
	GDateTime *dt;

	if (sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    text[n] != '\0')
		return LD_EINVALID;
	if (!(dt = g_date_time_new_utc(y, m, d, 0, 0, 0)))
		return LD_EINVALID;
	*out = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return LD_OK;
}

static int parse_line(ld_orgmap *map, char *line, const char *origin,
		      int lineno)
{
	char *hash = strchr(line, '#'), *lt, *key, *org;
	int64_t end = INT64_MAX;
	GPtrArray *rules;
	rule *r;

	if (hash)
		*hash = '\0';
	if ((lt = strchr(line, '<'))) {
		*lt = '\0';
		if (parse_day(&end, g_strstrip(lt + 1)) < 0) {
			ld_error_set("%s:%d: bad end date (use < YYYY-MM-DD)",
				     origin, lineno);
			return LD_EINVALID;
		}
	}
	line = g_strstrip(line);
	if (!*line)
		return LD_OK;
	key = line;
	org = key + strcspn(key, " \t");
	if (*org)
		*org++ = '\0';
	org = g_strstrip(org);
	if (!*org) {
		ld_error_set("%s:%d: a rule needs an address or domain and an "
			     "organisation", origin, lineno);
		return LD_EINVALID;
	}
	key = g_ascii_strdown(key, -1);
	if (!(rules = g_hash_table_lookup(map->rules, key))) {
		rules = g_ptr_array_new_with_free_func(rule_free);
		g_hash_table_insert(map->rules, key, rules);
	} else {
		g_free(key);
	}
	r = g_new0(rule, 1);
	r->org = g_strdup(org);
	r->end = end;
	g_ptr_array_add(rules, r);
	g_ptr_array_sort(rules, by_end);
	return LD_OK;
}

int ld_orgmap_parse(ld_orgmap **out, const char *text, const char *origin)
{
	ld_orgmap *map = g_new0(ld_orgmap, 1);
	char **lines = g_strsplit(text, "\n", -1);
	int error = LD_OK;
	guint i;

	map->rules = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
			(GDestroyNotify)g_ptr_array_unref);
	for (i = 0; lines[i]; i++)
		if ((error = parse_line(map, lines[i], origin,
					(int)i + 1)) < 0)
			goto cleanup;
	*out = map;
	map = NULL;
cleanup:
	g_strfreev(lines);
	ld_orgmap_free(map);
	return error;
}

int ld_orgmap_open(ld_orgmap **out, const char *path)
{
	char *file = strcmp(path, "default") == 0 ?
		     g_build_filename(LD_DATADIR, "orgmap", NULL) :
		     g_strdup(path);
	char *text = NULL;
	GError *err = NULL;
	int error;

	if (!g_file_get_contents(file, &text, NULL, &err)) {
		ld_error_set("cannot read organisation map %s: %s", file,
			     err->message);
		g_error_free(err);
		error = LD_ENOTFOUND;
		goto cleanup;
	}
	error = ld_orgmap_parse(out, text, file);
cleanup:
	g_free(text);
	g_free(file);
	return error;
}

static const char *at_key(const ld_orgmap *map, const char *key,
			  int64_t date)
{
	GPtrArray *rules = g_hash_table_lookup(map->rules, key);
	guint i;

	if (!rules)
		return NULL;
	for (i = 0; i < rules->len; i++) {
		const rule *r = g_ptr_array_index(rules, i);

		if (date < r->end)
			return r->org;
	}
	return NULL;
}

const char *ld_orgmap_lookup(const ld_orgmap *map, const char *email,
			     int64_t date)
{
	char *addr = g_ascii_strdown(email, -1);
	const char *org, *dom = strrchr(addr, '@');

	if (!dom || !(org = at_key(map, addr, date))) {
		org = NULL;
		for (dom = dom ? dom + 1 : NULL; dom && *dom && !org;) {
			org = at_key(map, dom, date);
			dom = strchr(dom, '.');
			if (dom)
				dom++;
		}
	}
	g_free(addr);
	return org;
}

void ld_orgmap_free(ld_orgmap *map)
{
	if (!map)
		return;
	g_hash_table_destroy(map->rules);
	g_free(map);
}
