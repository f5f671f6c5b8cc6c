/*
 * fuzz.h - the entry point every harness in tests/fuzz defines. `make
 * fuzz` links a harness with libFuzzer (clang); `make test` links it with
 * replay.c, which feeds it every saved input (gcc, ASan + UBSan).
 */
#ifndef RB_FUZZ_H
#define RB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
