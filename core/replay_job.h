/*
 * replay_job.h: one replay step (replay_run()) run in a thread of its
 * own, on a read connection of its own (bgrun.h), so that the screen
 * answers keys while a step's query runs again.
 *
 * A result table lives on the connection that made it, so the step's
 * accounts come back as ids with their evidence, in the step's order,
 * for view_from_ids() on the caller's connection. A case that cannot be
 * opened twice (an in-memory database) runs the step at once on the
 * caller's connection instead, with the same outcome.
 *
 * While the job runs the replay is the job's: the caller must not run
 * other steps of it, nor free it, before replay_job_free(). Reading its
 * steps (captions, actions) is fine; only its cache is written.
 *
 * Errors follow util.h: NULL or -1 with a malloc'd *cause.
 */
#ifndef CIB_REPLAY_JOB_H
#define CIB_REPLAY_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct case_db;
struct replay;
struct replay_job;

/* What the step shows, once it ran (as struct replay_view). */
struct replay_done {
	int64_t		 count;		/* accounts it finds, or -1 */
	bool		 drift;		/* count != the recorded one */
	char		*network;	/* the network touched, or NULL */
	int64_t		*members;	/* its members after the step, */
	size_t		 nmembers;	/* ascending */
	int64_t		 added;		/* by this step (tag, merge) */
	int64_t		*ids;		/* without a network: the step's
					   accounts, in its order */
	char	       **evidence;	/* nids entries, each may be NULL */
	size_t		 nids;
};

/* Start step n (1-based) of rp. */
struct replay_job	*replay_job_start(struct case_db *, struct replay *rp,
			     size_t n);

/* True once the step has ended (never waits). */
bool			 replay_job_ended(struct replay_job *);

/* Once ended: 0 with *out filled (the caller's: replay_done_clear()),
 * or -1 with the step's error. */
int			 replay_job_result(struct replay_job *,
			     struct replay_done *out, char **cause);

/* Stop the step if it still runs, wait for its thread, free. */
void			 replay_job_free(struct replay_job *);

void			 replay_done_clear(struct replay_done *);

#endif
