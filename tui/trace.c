/*
 * trace.c: the timing trace (trace.h). Kept apart from the screen so that
 * the main loop only says when a key was read and when a refresh ended.
 */
#include "config.h"
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "keys.h"
#include "util.h"

static int	trace_fd = -1;
static double	trace_start;
static bool	trace_first_done;
static double	trace_waiting_at;	/* a key seen waiting, not yet read */
static bool	trace_job_unshown;	/* a job completed since the refresh */

static void CIB_PRINTF(1, 2)
trace_line(const char *fmt, ...)
{
	char	line[256];
	va_list	ap;
	int	n;

	if (trace_fd < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof line - 2)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	if (write(trace_fd, line, (size_t)n) < 0)
		return;
}

/* v with places decimals and a point whatever the locale says. */
static char *
fixed(double v, int places, char *out, size_t outsz)
{
	long long	scale = 1, n;
	int		i;

	for (i = 0; i < places; i++)
		scale *= 10;
	n = (long long)(v * (double)scale + (v < 0 ? -0.5 : 0.5));
	snprintf(out, outsz, "%s%lld.%0*lld", n < 0 ? "-" : "",
	    (n < 0 ? -n : n) / scale, places, (n < 0 ? -n : n) % scale);
	return out;
}

int
trace_open(const char *path, double start, char **cause)
{
	char	num[48];

	trace_close();
	trace_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (trace_fd < 0)
		return set_cause(cause, "--trace %s: %s", path,
		    strerror(errno));
	trace_start = start;
	trace_first_done = false;
	trace_line("start %s", fixed(start, 6, num, sizeof num));
	return 0;
}

bool
trace_on(void)
{
	return trace_fd >= 0;
}

/* Resident set size in kB: /proc/self/statm, else the peak from
 * getrusage(). */
static long
rss_kb(void)
{
	FILE		*f;
	unsigned long	 size, resident;
	struct rusage	 ru;
	long		 page = sysconf(_SC_PAGESIZE);

	if ((f = fopen("/proc/self/statm", "r")) != NULL) {
		int n = fscanf(f, "%lu %lu", &size, &resident);

		fclose(f);
		if (n == 2 && page > 0)
			return (long)(resident * (unsigned long)page / 1024);
	}
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		return ru.ru_maxrss;
	return -1;
}

void
trace_refreshed(void)
{
	char	num[48];

	if (trace_fd < 0 || (trace_first_done && !trace_job_unshown))
		return;
	fixed(clock_now() - trace_start, 6, num, sizeof num);
	if (trace_job_unshown) {
		trace_job_unshown = false;
		trace_line("shown %s", num);
	}
	if (trace_first_done)
		return;
	trace_first_done = true;
	trace_line("first-refresh %s", num);
	trace_line("rss %ld", rss_kb());
}

void
trace_key_waiting(double at)
{
	if (trace_fd >= 0 && trace_waiting_at == 0)
		trace_waiting_at = at;
}

void
trace_key(int key, bool fkey, double read_at)
{
	char	name[64], num[48], wait[48], at[48];
	double	waited = 0;

	if (trace_fd < 0)
		return;
	if (trace_waiting_at > 0 && trace_waiting_at <= read_at)
		waited = read_at - trace_waiting_at;
	trace_waiting_at = 0;
	keys_name(key, fkey, name, sizeof name);
	trace_line("key %s %s %s %s", name, fixed((clock_now() - read_at) *
	    1000.0, 3, num, sizeof num), fixed(waited * 1000.0, 3, wait,
	    sizeof wait), fixed(read_at - trace_start, 6, at, sizeof at));
}

void
trace_job(double started, long long rows, int steps, double max_step,
    bool complete)
{
	char	ms[48], max[48], at[48];
	double	now = clock_now();

	if (trace_fd < 0)
		return;
	trace_line("job %s %lld %d %s %ld %s %s", fixed((now - started) *
	    1000.0, 3, ms, sizeof ms), rows, steps, fixed(max_step * 1000.0,
	    3, max, sizeof max), rss_kb(), complete ? "complete" : "dropped",
	    fixed(now - trace_start, 6, at, sizeof at));
	if (complete)
		trace_job_unshown = true;
}

void
trace_close(void)
{
	if (trace_fd >= 0)
		close(trace_fd);
	trace_fd = -1;
}
