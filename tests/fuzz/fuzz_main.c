/*
 * fuzz_main.c: the libFuzzer entry point of one harness. Each harness
 * program compiles this file with -DFUZZ_ENTRY=fuzz_NAME.
 */
#include "config.h"
#include "fuzz.h"

#ifndef FUZZ_ENTRY
#error "compile with -DFUZZ_ENTRY=fuzz_NAME"
#endif

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FUZZ_ENTRY(data, size);
	return 0;
}
