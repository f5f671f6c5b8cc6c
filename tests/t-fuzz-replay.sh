#!/bin/sh
# Fuzz regressions: every harness of tests/fuzz replays its seed corpus and
# every crash the fuzzers found (tests/fuzz/crashes/NAME/) under ASan and
# UBSan (build/asan/replay/, built by make test); a hang (some crashes are
# timeouts) fails after five minutes instead of never.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

for h in "$top"/tests/fuzz/fuzz_*.c; do
	h=$(basename "$h" .c)
	out=$(cd "$top" && timeout -k 5 300 "$top/build/asan/replay/$h" "tests/fuzz/corpus/$h" "tests/fuzz/crashes/$h" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		ok "fuzz replay: $h ($(printf '%s\n' "$out" | tail -1))"
	else
		ko "fuzz replay: $h" "$(printf '%s\n' "$out" | grep -E 'ERROR|SUMMARY|#[0-9] ' | head -12)
(exit status $rc; 124 is a timeout)"
	fi
done

finish
