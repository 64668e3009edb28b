#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# test.sh - the nDriver test suite: lint the series, prove it applies and
# builds, build the test kernels, and boot-and-inject the scenarios in
# QEMU. Ends with one line, "N passed, N failed, N skipped".
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOGDIR=$REPO/build/test-logs
RUN_ARGS=()
# Two virtual CPUs per host CPU: the test VMs wait (on timers, links,
# the peer) about half of the time. Benchmarks still run alone.
JOBS=$(($(nproc) * 2))
FULL=0
SANITIZE=1
SLICE=""
T0=$(date +%s)
BUDGET=0

usage() {
	cat <<EOF
Usage: scripts/test.sh [OPTIONS]

The nDriver test suite, in steps; each step's own "N passed, N failed,
N skipped" is added into the final line.

Default (what CI runs; 40 to 60 minutes on 2 host CPUs from a clean
checkout, see Documentation/testing.md for each step's share):

  apply     scripts/apply.sh: the series applies to the pinned tree
  judge     ktest/lib/judge-test.sh: the verdict logic against canned
            console logs, and the matrix slices (beside build)
  lint      scripts/lint-patches.sh: headers and checkpatch per patch
            (beside build)
  series    scripts/check-series.sh: every patch applies with --fuzz=0
            and each step compiles the files it touches (beside build,
            in a tree of its own: build/series-work)
  build     scripts/build-kernel.sh: the test kernel (build/obj)
  deps      scripts/ndriver-deps.py: nDriver's objects depend on each
            other in layers, with no ring
  sanitize  scripts/build-kernel.sh --variant sanitize: the KASAN and
            lockdep test kernel (build/obj-sanitize; beside ktest, at
            the lowest priority, in the CPU time its VMs leave idle)
  ktest     ktest/run.sh --slice N: every scenario, the large matrices
            sampled and the benchmarks taking turns (slice N = the
            commit count, so that successive commits cover every
            combination)
  ktest-san ktest/run.sh --sanitize --slice N: on the sanitizer kernel,
            of the runs each scenario marks for it, one in turn; any
            KASAN, lockdep, list-corruption or lockup report fails

--full adds (several hours):
  series    --full: the whole kernel built at every step
  ktest.pl  ktest/ktest.sh: the kernel's ktest.pl builds and boots once
  ktest-san every run the scenarios mark for the sanitizer kernel
  kasan     the KASAN kernel with virtual interrupt disabling on
            (build/obj-kasan) and the scenarios marked for sanitizers on it
  ktest     every combination of every matrix (no slice), at every CPU
            count, and the planted use-after-free (ktest-uaf), which
            must make KASAN fail the run

Options:
  --full         the whole suite, as above
  --slice N      the matrix slice to run (default: git rev-list --count
                 HEAD; in a shallow clone, the commit id's first 7 hex
                 digits as a number)
  --only LIST    run only these ktest scenarios (passed to ktest/run.sh);
                 leaves out the sanitizer steps
  --smp LIST     only these CPU counts (passed to ktest/run.sh)
  --no-sanitize  leave out the sanitizer kernel and its boots
  -j, --jobs N   QEMU virtual CPUs in use at once (ktest/run.sh --jobs;
                 default: twice the number of host CPUs, $JOBS here)
  --budget S     end within S seconds of starting: the boot steps start
                 no boot that could still run after that; the boots left
                 out are listed as skipped, and fail in CI (CI=true)
  -h, --help     this text

Logs of each step: build/test-logs/. Exit status 0 only if nothing failed.
EOF
}

total_pass=0
total_fail=0
total_skip=0
declare -a STEP_TIMES=()
# Seconds each step of the default run is given on 2 host CPUs without
# KVM (Documentation/testing.md); a step over its budget is named in the
# table at the end, so that the default run stays within 55 minutes.
# judge, lint and series run beside build, in its time; sanitize beside
# ktest.
declare -A STEP_BUDGET=([apply]=60 [judge]=120 [lint]=300 [series]=840
	[build]=840 [deps]=30 [sanitize]=1500 [ktest]=1080 [ktest-san]=360)

# Run one step, show its output, and add its final "N passed, N failed,
# N skipped" (or "N passed, N failed").
step() {
	local name=$1 rc=0 t0=$SECONDS

	shift
	echo "=== $name: $*"
	"$@" 2>&1 | tee "$LOGDIR/$name.log" || rc=${PIPESTATUS[0]}
	count "$name" "$rc" $((SECONDS - t0))
}

# Steps that keep one CPU busy (judge, lint, series) run beside the
# kernel build, which has the others but for its serial link phases:
# start step $1 in the background, its output going to its log only.
declare -A BG_PID=()
step_start() {
	local name=$1

	shift
	echo "=== $name (in the background): $*"
	rm -f "$LOGDIR/$name.status"
	(
		t0=$(date +%s)
		rc=0
		"$@" || rc=$?
		echo "$rc $(($(date +%s) - t0))" >"$LOGDIR/$name.status"
	) >"$LOGDIR/$name.log" 2>&1 &
	BG_PID[$name]=$!
}

# Wait for background step $1, show its output, and count it.
step_join() {
	local name=$1 rc=1 secs=0

	wait "${BG_PID[$name]}" || true
	[ ! -s "$LOGDIR/$name.status" ] || read -r rc secs <"$LOGDIR/$name.status"
	echo "=== $name (ran in the background):"
	cat "$LOGDIR/$name.log"
	count "$name" "$rc" "$secs"
}

# check-series.sh pops the series from its tree: give it a tree of its
# own, so that the kernel can build from the main one meanwhile.
series_own_tree() {
	"$REPO/scripts/apply.sh" --work "$REPO/build/series-work" >/dev/null ||
		{ echo "test.sh: the series does not apply to a second tree in build/series-work"; return 1; }
	"$REPO/scripts/check-series.sh" --tree "$REPO/build/series-work/linux-6.12.117" "$@"
}

# Add the counts of step $1 (exit status $2, which took $3 seconds)
# from its log.
count() {
	local name=$1 log=$LOGDIR/$1.log rc=$2 secs=$3 counts p f s=0 over

	counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -n1 || true)
	if [ -n "$counts" ]; then
		read -r p _ f _ s _ <<<"${counts//,/}"
		s=${s:-0}
	else
		# A step that died before counting is one failure.
		p=0
		f=1
		[ "$rc" -eq 0 ] && p=1 && f=0
	fi
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + s))
	over=
	if [ $FULL -eq 0 ] && [ -n "${STEP_BUDGET[$name]:-}" ] &&
		[ "$secs" -gt "${STEP_BUDGET[$name]}" ]; then
		over="  over its budget of ${STEP_BUDGET[$name]} s"
	fi
	STEP_TIMES+=("$(printf '%-10s %5d s  %s passed, %s failed, %s skipped%s' "$name" "$secs" "$p" "$f" "$s" "$over")")
	echo "=== $name: $p passed, $f failed, $s skipped (exit $rc, $secs s)"
	return "$rc"
}

# The seconds left of --budget, for a boot step.
budget_args() {
	local left

	[ "$BUDGET" -gt 0 ] || return 0
	left=$((T0 + BUDGET - $(date +%s)))
	[ $left -gt 0 ] || left=0
	echo "--budget $left"
}

# The matrix slice of this checkout: the number of commits, so that each
# commit moves CI on to the next slice.
default_slice() {
	local n

	if [ "$(git -C "$REPO" rev-parse --is-shallow-repository 2>/dev/null)" = false ] &&
		n=$(git -C "$REPO" rev-list --count HEAD 2>/dev/null); then
		echo "$n"
	elif n=$(git -C "$REPO" rev-parse --short=7 HEAD 2>/dev/null); then
		echo $((16#$n))
	else
		echo 0
	fi
}

main() {
	local only=0 args built

	while [ $# -gt 0 ]; do
		case $1 in
		--full) FULL=1 ;;
		--slice)
			[[ ${2:-} =~ ^[0-9]+$ ]] ||
				{ echo "test.sh: error: --slice wants a number, e.g. 7" >&2; exit 1; }
			SLICE=$2
			shift ;;
		--only) RUN_ARGS+=(--only "${2:?}"); only=1; shift ;;
		--smp) RUN_ARGS+=(--smp "${2:?}"); shift ;;
		--no-sanitize) SANITIZE=0 ;;
		-j|--jobs) JOBS=${2:?}; shift ;;
		--budget)
			[[ ${2:-} =~ ^[0-9]+$ ]] ||
				{ echo "test.sh: error: --budget wants a number of seconds, e.g. 3300" >&2; exit 1; }
			BUDGET=$2
			shift ;;
		-h|--help) usage; exit 0 ;;
		*) echo "test.sh: error: unknown argument '$1': see 'scripts/test.sh --help'" >&2; exit 1 ;;
		esac
		shift
	done
	mkdir -p "$LOGDIR"
	[ $only -eq 0 ] || SANITIZE=0
	if [ $FULL -eq 1 ]; then
		RUN_ARGS+=(--every-smp)
	else
		RUN_ARGS+=(--slice "${SLICE:-$(default_slice)}")
	fi

	if ! step apply "$REPO/scripts/apply.sh"; then
		echo "test.sh: the series does not apply; nothing else can run"
	else
		step_start judge "$REPO/ktest/lib/judge-test.sh"
		step_start lint "$REPO/scripts/lint-patches.sh"
		if [ $FULL -eq 1 ]; then
			step_start series series_own_tree --full
		else
			step_start series series_own_tree
		fi
		step build "$REPO/scripts/build-kernel.sh" && built=1 || built=0
		step_join judge || true
		step_join lint || true
		step_join series || true
		# The sanitizer kernel builds beside the boot tests, at the
		# lowest priority: it takes only the CPU time their VMs leave
		# idle (a guest waiting for a timer, a benchmark running alone).
		[ $SANITIZE -eq 0 ] ||
			step_start sanitize nice -n 19 "$REPO/scripts/build-kernel.sh" --variant sanitize
		if [ $built -eq 1 ]; then
			step deps "$REPO/scripts/ndriver-deps.py" "$REPO/build/obj" || true
			[ $FULL -eq 0 ] || step ktest.pl "$REPO/ktest/ktest.sh" || true
			# shellcheck disable=SC2046
			step ktest "$REPO/ktest/run.sh" --jobs "$JOBS" "${RUN_ARGS[@]}" \
				$(budget_args) || true
		else
			echo "test.sh: the kernel does not build; the boot tests cannot run"
		fi
		if [ $SANITIZE -eq 1 ]; then
			args=(--jobs "$JOBS")
			if [ $FULL -eq 1 ]; then
				args+=(--full)
			else
				args+=(--slice "${SLICE:-$(default_slice)}")
			fi
			if step_join sanitize; then
				# shellcheck disable=SC2046
				step ktest-san "$REPO/ktest/run.sh" --sanitize sanitize "${args[@]}" --set MB=10 \
					$(budget_args) || true
			fi
			if [ $FULL -eq 1 ] && step kasan "$REPO/scripts/build-kernel.sh" --variant kasan; then
				step ktest-kasan "$REPO/ktest/run.sh" --sanitize kasan "${args[@]}" --set MB=10 || true
			fi
		fi
	fi
	echo "=== steps: seconds and counts"
	printf '    %s\n' "${STEP_TIMES[@]}"
	[ $FULL -eq 1 ] ||
		echo "=== matrix slice ${SLICE:-$(default_slice)}: rerun it with 'scripts/test.sh --slice ${SLICE:-$(default_slice)}', every combination with 'scripts/test.sh --full'"
	echo "$total_pass passed, $total_fail failed, $total_skip skipped"
	[ $total_fail -eq 0 ]
}

main "$@"
