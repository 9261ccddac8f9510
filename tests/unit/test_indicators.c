#include "config.h"
#include "testutil.h"
Suite *
test_suite(void)
{
	return suite_create("indicators");
}
