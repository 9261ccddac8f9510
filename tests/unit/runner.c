/*
 * runner.c: main() for every unit test program: run its suite, exit 0 when
 * every test passed.
 */
#include "config.h"

#include <stdlib.h>

#include "testutil.h"

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(test_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
