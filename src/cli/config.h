/* cli/config.h - inboxes configured by name
 *
 * A SOURCE that is not a path may name an inbox configured in
 * public-inbox's config ($PI_CONFIG, else ~/.public-inbox/config:
 * publicinbox.NAME.inboxdir, .url, .address) or in listdigest's own
 * ($XDG_CONFIG_HOME/listdigest/config, git-config format:
 * [inbox "kvm"] path = ..., url = https://lore.kernel.org/kvm, name = KVM,
 * mailmap = ..., orgmap = ..., from = ..., to = ..., cc = ... for
 * --format email).  Both are read with libgit2's config parser.
 * listdigest's own entry wins over public-inbox's for the same name.
 */
#ifndef LD_CLI_CONFIG_H
#define LD_CLI_CONFIG_H

#include <stdbool.h>

typedef struct ld_inbox_config {
	char *name;      /* the configured name ("kvm") */
	char *path;      /* local inbox directory, or NULL */
	char *url;       /* "https://lore.kernel.org/kvm", or NULL */
	char *address;   /* list address, or NULL */
	char *list_name; /* display name for reports ("KVM"), or NULL */
	char *mailmap;   /* a .mailmap file for this inbox, or NULL */
	char *orgmap;    /* an organisation map ("default"), or NULL */
	char *from;      /* --format email: From, To and Cc, or NULL */
	char *to;
	char *cc;
} ld_inbox_config;

/*
 * Look `name` up.  Returns 0 with *out filled (free with
 * ld_inbox_config_clear()), or -3 (LD_ENOTFOUND) with an error message
 * that lists the names that exist, or -1 when a config file is broken.
 */
int ld_config_find_inbox(ld_inbox_config *out, const char *name);
void ld_inbox_config_clear(ld_inbox_config *cfg);

#endif
