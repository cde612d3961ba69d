/* util/error.h - error codes and the last error message, per thread
 *
 * Functions that can fail return an int: LD_OK (0) or a negative code.  The
 * place that detects the failure records a one-line, lower-case message
 * with ld_error_set(); callers pass the code up unchanged and the CLI prints
 * ld_error_last() once.  Messages live in thread-local storage so parser
 * threads never see each other's errors.
 */
#ifndef LD_UTIL_ERROR_H
#define LD_UTIL_ERROR_H

typedef enum {
	LD_OK = 0,
	LD_ERROR = -1,      /* generic failure, see ld_error_last() */
	LD_ENOTFOUND = -3,  /* a revision, file or row does not exist */
	LD_EINVALID = -4,   /* malformed input (a message, an argument) */
	LD_EEXISTS = -5,    /* already present */
	LD_EBUSY = -6,      /* a database is locked by another process */
	LD_ECORRUPT = -7,   /* a database file is damaged */
	LD_ITEROVER = -31   /* no more items; not an error */
} ld_error_code;

/* Record a printf-style message as the calling thread's last error. */
void ld_error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The calling thread's last error, or "unknown error".  Borrowed: valid
 * until the next ld_error_set() on this thread. */
const char *ld_error_last(void);

/* Forget the calling thread's last error. */
void ld_error_clear(void);

#endif
