#!/bin/sh
# Golden cases: tests/cases/NAME/, a binder and the exact out/ tree, standard
# error and exit status it gives (the layout is described in tests/lib.sh).

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

run_cases cases

finish
