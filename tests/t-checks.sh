#!/bin/sh
# Check mutations: tests/checks/NAME/, the example binder (base @example) with
# one seeded change, and the exact findings it raises; prints the table of
# seeded change -> rules raised.

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

run_cases checks

finish
