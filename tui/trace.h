/*
 * trace.h: the screen's timing trace, for benchmarks (--trace FILE or
 * $CIBSCOPE_TRACE).
 *
 * The trace appends lines of text to FILE, one event each, words
 * separated by one space, numbers in C locale:
 *
 *	start SECONDS		CLOCK_MONOTONIC at entry to main()
 *	first-refresh SECONDS	from start to the end of the first
 *				complete refresh of the screen
 *	rss KB			resident set size just after it
 *	key NAME MS WAIT AT	one per key the screen reads: MS from the
 *				read to the end of the refresh showing its
 *				effect (for the key that quits: to the
 *				terminal restored); WAIT from when a job
 *				step first saw it waiting to its read (0
 *				when none saw it); AT the read, in seconds
 *				from start; NAME is one word, as the help
 *				names keys ("j", "Down", "C-l")
 *	job MS ROWS STEPS MAX RSS END AT
 *				a list made in steps between keys (a `/`
 *				filter) ended: MS from its start, ROWS
 *				found, STEPS run, MAX the longest a step
 *				went without looking for a key, in ms (a
 *				key typed meanwhile waits at most that
 *				long to be seen), RSS in KB, END
 *				"complete" or "dropped" (replaced,
 *				stopped or failed), AT its end in seconds
 *				from start
 *	shown AT		the end of the first refresh after a
 *				complete job, in seconds from start
 *
 * Each line is written whole with one write(2) to a file opened for
 * appending, so a harness may read it while the program runs; a later run
 * appends after an earlier one, beginning with its own start line. While
 * tracing, curses is asked not to cut a refresh short for typeahead, so
 * every timed refresh is complete.
 */
#ifndef CIB_TRACE_H
#define CIB_TRACE_H

#include <stdbool.h>

/* Begin tracing to path, recording start (clock_now() taken as early as
 * possible). -1 with *cause when the file cannot be opened. */
int	trace_open(const char *path, double start, char **cause);
bool	trace_on(void);
/* After a complete refresh: the first one writes first-refresh and rss,
 * the first after a complete job writes shown. */
void	trace_refreshed(void);
/* A job step saw a key waiting at (clock_now()); the first such time
 * before the key is read counts. */
void	trace_key_waiting(double at);
/* A key read at read_at (clock_now()) is now shown. */
void	trace_key(int key, bool fkey, double read_at);
/* A stepped job begun at started ended, complete or not (see job
 * above). */
void	trace_job(double started, long long rows, int steps, double max_step,
	    bool complete);
void	trace_close(void);

#endif
