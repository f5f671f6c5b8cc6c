#!/bin/sh
# make fuzz: runs each harness named (default: all) with libFuzzer for
# FUZZ_SECONDS (default 60) each, one after another, its corpus in
# build/fuzz/corpus/NAME seeded from tests/fuzz/corpus/NAME. A crash is
# saved to tests/fuzz/crashes/NAME/, where make test replays it from then
# on. Each run appends a line to tests/fuzz/LOG: date, harness, seconds it
# ran, executions, outcome; the totals per harness are printed at the end.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
secs=${FUZZ_SECONDS:-60}
if [ $# -eq 0 ]; then
	for f in tests/fuzz/fuzz_*.c; do
		f=${f##*/}
		set -- "$@" "${f%.c}"
	done
fi
status=0
for h in "$@"; do
	case $h in
	fuzz_yaml) dict=yaml.dict ;;
	fuzz_infra) dict=json.dict ;;
	fuzz_template) dict=mustache.dict ;;
	*) dict=markdown.dict ;;
	esac
	corpus=build/fuzz/corpus/$h
	crashes=tests/fuzz/crashes/$h
	mkdir -p "$corpus" "$crashes"
	log=build/fuzz/$h.log
	t0=$(date +%s)
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	"build/fuzz/$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 \
		-max_len=262144 -dict="tests/fuzz/$dict" -artifact_prefix="$crashes/" \
		-print_final_stats=1 "$corpus" "tests/fuzz/corpus/$h" > "$log" 2>&1
	rc=$?
	took=$(($(date +%s) - t0))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ "$rc" -eq 0 ]; then
		outcome=clean
	else
		outcome="crash (see $log; input saved in $crashes)"
		status=1
	fi
	printf '%s  %-14s %6ss %12s execs  %s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$h" "$took" \
		"${execs:-?}" "$outcome" | tee -a tests/fuzz/LOG
done
echo 'Totals so far (tests/fuzz/LOG):'
sh tests/fuzz/totals.sh
exit $status
