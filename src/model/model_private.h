/* model/model_private.h - what digest.c shares with series.c */
#ifndef LD_MODEL_PRIVATE_H
#define LD_MODEL_PRIVATE_H

#include "model/model.h"

/* A counted patch or cover letter, copied out of an index row. */
typedef struct ld_model__msg {
	ld_oid blob;
	ld_kind kind;
	bool removed;          /* a later "d" in the range removed it */
	char *message_id;
	char *subject;
	char *title;
	char *tags;
	char *in_reply_to;
	char *references;
	int version;
	int number;
	int total;
	unsigned flags;
	ld_person author;
	ld_person sender;
	int64_t date;
} ld_model__msg;

void ld_model__msg_free(gpointer msg);

/*
 * Group `msgs` (ld_model__msg *, patches and cover letters in archive
 * order, borrowed) into series, appended to `series` (ld_series *, owned
 * by it).
 */
void ld_model__assemble(GPtrArray *series, GPtrArray *msgs);

void ld_model__series_free(gpointer series);

#endif
