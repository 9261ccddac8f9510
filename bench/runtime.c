/*
 * runtime.c: run one command and report its wall time and peak memory,
 * for the reference tools the benchmark cannot link (sqlite3, grep,
 * VisiData) and for whole cibscope processes.
 *
 *	runtime OUT COMMAND [ARG]...
 *
 * Appends "seconds maxrss_kib status" to OUT; the command's own output is
 * left alone. Exits with the command's status.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct rusage	 ru;
	FILE		*out;
	double		 t0, t1;
	pid_t		 pid;
	int		 status, rc;

	if (argc < 3) {
		fprintf(stderr, "usage: runtime OUT COMMAND [ARG]...\n");
		return 2;
	}
	t0 = now();
	if ((pid = fork()) == -1) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "runtime: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) == -1) {
		if (errno != EINTR) {
			perror("wait4");
			return 2;
		}
	}
	t1 = now();
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if ((out = fopen(argv[1], "a")) == NULL) {
		perror(argv[1]);
		return 2;
	}
	fprintf(out, "%.6f %ld %d\n", t1 - t0, ru.ru_maxrss, rc);
	fclose(out);
	return rc;
}
