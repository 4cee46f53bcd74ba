/*
 * emit.c - the record helpers every check shares: one record for the item
 * (check_emit) and one evidence pair (check_ev).
 */
#include <string.h>

#include "check.h"

int
check_emit(struct out *o, const struct item_meta *m, enum rec_status st,
    const char *subject, const char *message, const char *path,
    uint32_t line, uint32_t column, const struct rec_ev *ev, unsigned n_ev)
{
	struct rec_out r;

	memset(&r, 0, sizeof(r));
	r.id = m->id;
	r.section = m->section;
	r.title = m->title;
	r.status = st;
	r.severity = m->severity;
	r.subject = subject;
	r.message = message;
	r.path = path;
	r.line = line;
	r.column = column;
	r.duration_ms = check_elapsed_ms();
	r.ev = ev;
	r.n_ev = n_ev;
	if (record_write(o, &r) == 0)
		return 0;
	/* Too long once escaped (hostile path lengths, many findings):
	 * keep the verdict, drop the detail. */
	r.message = "findings too long to report in full; the status stands";
	r.ev = NULL;
	r.n_ev = 0;
	return record_write(o, &r) == 0 ? 0 : -1;
}

void
check_ev(struct rec_ev *e, const char *key, const char *val)
{
	e->key = key;
	e->val = val;
	e->val_len = strlen(val);
}
