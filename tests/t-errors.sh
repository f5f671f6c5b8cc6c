#!/bin/sh
# Bad inputs: tests/errors/NAME/, the exact message and exit status, and a
# previous out/ left untouched with no staging directory behind.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

run_cases errors

finish
