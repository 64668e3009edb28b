#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# test.sh - the whole nDriver test suite: lint the series, apply it, build
# the test kernel, run a boot through the kernel's ktest.pl, and
# boot-and-inject every scenario in QEMU. Ends with one line, "N passed,
# N failed".
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOGDIR=$REPO/build/test-logs
RUN_ARGS=()
# Two virtual CPUs per host CPU: the test VMs wait (on timers, links,
# the peer) about half of the time: 16 guard-net
# boots took 75 s with 2 (one core busy on average) and 50 s with 4;
# 20 TCP-bound recover-tcp boots took as long either way. Benchmarks
# still run alone.
JOBS=$(($(nproc) * 2))
KTEST_PL=1
SERIES_CHECK=1
T0=$(date +%s)
BUDGET=0

usage() {
	cat <<EOF
Usage: scripts/test.sh [OPTIONS]

The whole suite, in order; each step's own "N passed, N failed" is added
into the final line:

  1. lint      scripts/lint-patches.sh: headers and checkpatch per patch
  2. series    scripts/check-series.sh: every patch applies without fuzz
               and each step of the series compiles what it touches
  3. build     scripts/apply.sh, then scripts/build-kernel.sh (incremental
               when build/obj exists; ccache)
  4. ktest.pl  ktest/ktest.sh: the kernel's ktest.pl builds and boots
               through ktest/ndriver.conf, once, so that path cannot rot
  5. ktest     ktest/run.sh: all boot-and-inject scenarios in QEMU, with
               their controls, and the KUnit cases

Options:
  --only LIST    run only these ktest scenarios (passed to ktest/run.sh)
  --smp LIST     only these CPU counts (passed to ktest/run.sh)
  --every-smp    every matrix combination at every CPU count, also in
                 the scenarios that take the counts in turn (the full
                 matrix: about twice the boots; passed to ktest/run.sh)
  -j, --jobs N   QEMU virtual CPUs in use at once (ktest/run.sh --jobs;
                 default: twice the number of host CPUs, $JOBS here)
  --budget S     end within S seconds of starting: step 5 starts no boot
                 that could still run after that; the boots left out are
                 listed as skipped, never counted as passed (.ci/run
                 passes what remains of CI's 90 minutes)
  --no-ktest-pl  skip step 4
  --no-series    skip step 2
  -h, --help     this text

Logs of each step: build/test-logs/. Exit status 0 only if nothing failed.
EOF
}

total_pass=0
total_fail=0

# Run one step, show its output, and add its final "N passed, N failed".
step() {
	local name=$1 log=$LOGDIR/$1.log counts p f rc=0

	shift
	echo "=== $name: $*"
	"$@" 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
	counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n1 || true)
	if [ -n "$counts" ]; then
		p=${counts%% passed*}
		f=${counts#*, }
		f=${f%% failed}
	else
		# A step that died before counting is one failure.
		p=0
		f=1
		[ $rc -eq 0 ] && p=1 && f=0
	fi
	[ $rc -eq 0 ] || [ "$f" -gt 0 ] || f=1
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	echo "=== $name: $p passed, $f failed (exit $rc)"
	return $rc
}

main() {
	local left skipped

	while [ $# -gt 0 ]; do
		case $1 in
		--only) RUN_ARGS+=(--only "${2:?}"); shift ;;
		--smp) RUN_ARGS+=(--smp "${2:?}"); shift ;;
		--every-smp) RUN_ARGS+=(--every-smp) ;;
		-j|--jobs) JOBS=${2:?}; shift ;;
		--budget)
			[[ ${2:-} =~ ^[0-9]+$ ]] ||
				{ echo "test.sh: error: --budget wants a number of seconds, e.g. 5000" >&2; exit 1; }
			BUDGET=$2
			shift ;;
		--no-ktest-pl) KTEST_PL=0 ;;
		--no-series) SERIES_CHECK=0 ;;
		-h|--help) usage; exit 0 ;;
		*) echo "test.sh: error: unknown argument '$1': see 'scripts/test.sh --help'" >&2; exit 1 ;;
		esac
		shift
	done
	mkdir -p "$LOGDIR"

	if ! step apply "$REPO/scripts/apply.sh"; then
		echo "test.sh: the series does not apply; nothing else can run"
	else
		step lint "$REPO/scripts/lint-patches.sh" || true
		[ $SERIES_CHECK -eq 0 ] || step series "$REPO/scripts/check-series.sh" || true
		if step build "$REPO/scripts/build-kernel.sh"; then
			# ktest.pl first: its time is fixed; the boots take
			# what is left of the budget.
			[ $KTEST_PL -eq 0 ] || step ktest.pl "$REPO/ktest/ktest.sh" || true
			if [ "$BUDGET" -gt 0 ]; then
				left=$((T0 + BUDGET - $(date +%s)))
				[ $left -gt 0 ] || left=0
				echo "=== ktest: $left s left of the budget of $BUDGET s"
				RUN_ARGS+=(--budget "$left")
			fi
			step ktest "$REPO/ktest/run.sh" --jobs "$JOBS" "${RUN_ARGS[@]}" || true
			skipped=$(sed -n 's/^SKIPPED: \([0-9]*\) .*/\1/p' "$LOGDIR/ktest.log" | tail -n1)
			[ -z "$skipped" ] ||
				echo "=== ktest: $skipped runs SKIPPED, not counted (reasons in build/ktest/summary.txt)"
		else
			echo "test.sh: the kernel does not build; the boot tests cannot run"
		fi
	fi
	echo "$total_pass passed, $total_fail failed"
	[ $total_fail -eq 0 ]
}

main "$@"
