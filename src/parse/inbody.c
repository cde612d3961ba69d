/* parse/inbody.c - the in-body From of a patch, and people from addresses
 *
 * "git send-email" puts "From: Author <addr>" at the top of the body when
 * the sender is not the author; "git am" then credits the author.  We read
 * the in-body header block as git's mailinfo.c does: leading empty lines
 * are skipped, From/Subject/Date may each appear once, continuation lines
 * start with blanks, and the first other line ends the block.  Addresses
 * are parsed by GMime, never by hand, so RFC 2047 names and quoting come
 * out right.
 *
 * Owns nothing; the ld_person strings it fills belong to the caller.
 */
#include "parse/parse.h"
#include "parse/parse_private.h"

#include <string.h>

enum {
	INBODY_FROM = 1 << 0,
	INBODY_SUBJECT = 1 << 1,
	INBODY_DATE = 1 << 2
};

static const struct {
	const char *name;
	unsigned bit;
} inbody_fields[] = {
	{ "From", INBODY_FROM },
	{ "Subject", INBODY_SUBJECT },
	{ "Date", INBODY_DATE },
};

/* The first mailbox of `list`, searching groups depth-first; borrowed. */
static InternetAddressMailbox *first_mailbox(InternetAddressList *list,
					     int depth)
{
	InternetAddressMailbox *mbox = NULL;
	InternetAddressList *members;
	InternetAddress *ia;
	int i, n;

	/* GMime does not nest groups, but a bound costs nothing. */
	if (!list || depth > 8)
		return NULL;
	n = internet_address_list_length(list);
	for (i = 0; i < n && !mbox; i++) {
		ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			mbox = INTERNET_ADDRESS_MAILBOX(ia);
		} else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			members = internet_address_group_get_members(
				INTERNET_ADDRESS_GROUP(ia));
			mbox = first_mailbox(members, depth + 1);
		}
	}
	return mbox;
}

bool ld_parse__person_from_list(ld_person *out, InternetAddressList *list)
{
	InternetAddressMailbox *mbox = first_mailbox(list, 0);

	if (!mbox)
		return false;
	out->name = ld_parse__clean_header(
		internet_address_get_name(INTERNET_ADDRESS(mbox)));
	out->email = ld_parse__clean_header(
		internet_address_mailbox_get_addr(mbox));
	return true;
}

/*
 * GMime 3.2.13 (Debian 12) leaks an address buffer on some broken
 * addresses, e.g. "r@[P\xcfCH](F": an addr-spec, then a comment that never
 * closes (jstedfast/gmime#159, fixed after 3.2.13).  The leak is GMime's
 * and a few hundred bytes per such address.  The sanitizer runs suppress
 * leaks allocated under this function (lsan.supp), so it must allocate
 * nothing of ours and stay a frame of its own.  Every address of a header
 * block that message.c splits itself goes through it (GMime's parser then
 * sees From renamed); a block GMime parses whole still has its From
 * parsed inside GMime, where no frame of ours can be suppressed
 * (fuzz/README.md).
 */
G_GNUC_NO_INLINE static void
gmime_address_list_parse(InternetAddressList **out, const char *text)
{
	/* The store after the call keeps it from becoming a tail call,
	 * which would take this frame off the stack. */
	*out = internet_address_list_parse(ld_parse__options(), text);
}

InternetAddressList *ld_parse__address_list(const char *text)
{
	InternetAddressList *list;

	gmime_address_list_parse(&list, text);
	return list;
}

bool ld_parse__person_from_text(ld_person *out, const char *text)
{
	InternetAddressList *list = ld_parse__address_list(text);
	bool found;

	found = ld_parse__person_from_list(out, list);
	if (list)
		g_object_unref(list);
	return found;
}

/* Which in-body field the line at `line` opens ("From:" ...), or 0. */
static unsigned inbody_field(const char *line, const char **value)
{
	const char *p;
	size_t i, n;

	for (i = 0; i < G_N_ELEMENTS(inbody_fields); i++) {
		n = strlen(inbody_fields[i].name);
		if (g_ascii_strncasecmp(line, inbody_fields[i].name, n) != 0 ||
		    line[n] != ':')
			continue;
		p = line + n + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		*value = p;
		return inbody_fields[i].bit;
	}
	return 0;
}

size_t ld_parse__inbody_headers(const char *body, const char **from,
				size_t *from_len)
{
	const char *p = body, *eol, *value = NULL;
	const char *from_start = NULL, *from_end = NULL;
	unsigned seen = 0, field, current = 0;

	while (*p == '\n')
		p++;
	while (*p) {
		eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		if (current && (*p == ' ' || *p == '\t')) {
			/* a continuation line of the current field */
			if (current == INBODY_FROM)
				from_end = eol;
		} else {
			field = inbody_field(p, &value);
			if (!field || (seen & field))
				break;
			seen |= field;
			current = field;
			if (field == INBODY_FROM) {
				from_start = value;
				from_end = eol;
			}
		}
		p = *eol ? eol + 1 : eol;
	}

	if (from) {
		*from = from_start;
		*from_len = from_start ? (size_t)(from_end - from_start) : 0;
	}
	return seen ? (size_t)(p - body) : 0;
}

bool ld_parse_inbody_from(ld_person *out, const char *body)
{
	const char *from;
	size_t len, i;
	char *text;
	bool found;

	if (!body || ld_parse__inbody_headers(body, &from, &len) == 0 ||
	    !from)
		return false;
	/* Unfold: GMime's address parser wants one line. */
	text = g_strndup(from, len);
	for (i = 0; i < len; i++) {
		if (text[i] == '\n')
			text[i] = ' ';
	}
	found = ld_parse__person_from_text(out, text);
	g_free(text);
	return found;
}
