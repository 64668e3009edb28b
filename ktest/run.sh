#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - the nDriver boot-and-inject suite: boot the freshly built kernel
# in QEMU once per scenario and CPU count, read the verdicts off the serial
# console, and print "N passed, N failed".
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

KTEST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$KTEST")
# shellcheck source=ktest/lib/judge.sh
. "$KTEST/lib/judge.sh"
OBJ=$REPO/build/obj
RESULTS=$REPO/build/ktest
ONLY=""
SMP_FILTER=""
ID_FILTER=""
CPUS=""
declare -A MATRIX_SET=()
SETS=
EXTRA_APPEND=""
TIMEOUT=""
LIST=0
RUNS=0
EVERY_SMP=0
DEADLINE=0
REUSE_INITRD=0
JOBS=1
HOST_CPUS=$(nproc)
SLOTS=0
SLICE=""
SANITIZE=""
FULL=0
# What boots a run; ktest/lib/judge-test.sh puts a stub here that writes
# canned console logs.
BOOT=${NDRV_BOOT:-$KTEST/qemu-boot.sh}
# In CI (CI=true, or --ci) a run that did not happen for want of time, of
# a tool or of a kernel option fails: only a boot the guest found unfit
# twice may stay a skip.
CI_MODE=0
[ "${CI:-}" != true ] || CI_MODE=1

usage() {
	cat <<EOF
Usage: ktest/run.sh [OPTIONS]

Runs every scenario in ktest/scenarios/ (or those selected) in the test VM:
one QEMU boot per scenario, per CPU count it lists and per combination of
its matrix, kernel and modules from the build directory, verdicts from the
serial console.

A run PASSES when its scenario printed PASS, the VM shut down by itself
within the scenario's time limit, and the kernel printed no oops, BUG,
panic, warning, lockup or RCU stall report, or "Call Trace:". Scenarios
marked 'expect: crash' or 'expect: hang' are controls: they pass only if
the run fails in that way after the scenario armed its fault, with a
report that names the armed driver (and, with '# crash: REGEX', shows
the kernel report the scenario expects) - which shows the harness
catches what nDriver is meant to prevent. A scenario that cannot run here says
SKIP with the reason; skips are listed and never counted as passes. A
run whose boot the guest found unfit ("SKIP environment: ...", e.g. the
local APIC timer failed its boot calibration under host load) is booted
once more, and says so; unfit twice, it counts as skipped. In CI mode
(CI=true in the environment, or --ci) every other skip - left out by
--budget, a missing tool or kernel option - counts as failed.

Large matrices are sampled: a scenario with '# slices: K' runs, with
--slice N, only every K-th of its combinations in the order --runs lists
them, starting at the (N mod K)-th - the slices are as large as can be,
and where K and the size of the last dimension have no common factor,
each value of that dimension is in every slice, in another company each
time - so that K successive values of N cover all of them
(scripts/test.sh passes the commit count). Without --slice every
combination runs.
Scenarios that share '# rotate: GROUP' (the benchmarks, which run alone)
take turns: with --slice N, of the G selected members of a group (in
name order) only member N mod G runs, with slice N / G of its own
matrix; G successive slices run each member once.
'# exclude: K=V,...' drops the combinations a scenario cannot test
(listed by --list, with the reason).

The nDriver KUnit cases, run at boot by the 'kunit' scenario, are counted
one by one.

Options:
  --obj DIR       kernel build directory (default: build/obj)
  --results DIR   logs and summaries (default: build/ktest)
  --only LIST     comma-separated scenario names or shell patterns
  --smp LIST      only these CPU counts (e.g. 1 or 1,2)
  --cpus LIST     run the selected scenarios with these CPU counts instead
                  of the ones they list (e.g. --only hang-net --cpus 2)
  --every-smp     run every combination of a matrix at every CPU count,
                  also in scenarios marked 'smp-rotate: yes' (which run
                  each combination at one CPU count, in turn)
  --id PATTERN    only the runs whose id (as printed) matches the shell
                  PATTERN, e.g. 'hang-net/e1000-loop-*/smp2'
  --matrix K=V,.. run the selected scenarios with these values of their
                  matrix dimension K instead of the ones they list (e.g.
                  --only recover-tcp --matrix NIC=8139cp); repeatable
  --set K=V       set the variable K to V in every run, a scenario's knob
                  that is not a matrix dimension (e.g. --only bench-outage
                  --set ROUNDS=6); repeatable
  --append ARGS   add ARGS to every run's kernel command line (e.g.
                  ndrv.soak_s=600 for the long hang-soak)
  --timeout S     kill each selected run after S seconds instead of its
                  scenario's time limit (e.g. 900 for that hang-soak)
  -j, --jobs N    run VMs in parallel, up to N virtual CPUs in all
                  (default 1); benchmarks ('exclusive: yes') run alone,
                  and while a scenario marked 'oversubscribe: no' runs,
                  no more vCPUs than the host has CPUs
  --slice N       run slice N mod K of each scenario that has K slices
                  ('# slices: K'); the others run whole. With --sanitize:
                  of the runs a scenario's '# sanitize:' line selects,
                  the one at N mod their number
  --budget S      start no run that could still be going S seconds from
                  now (each may take up to its scenario's time limit);
                  the runs left out are listed as "SKIP budget" (failed
                  in CI mode)
  --ci            CI mode, as CI=true: every skip but a boot found unfit
                  twice counts as failed
  --full          also the scenarios marked '# tier: full' (long soaks,
                  the planted use-after-free; those marked '# kernel:
                  sanitizer' only with --sanitize)
  --sanitize V    boot the sanitizer kernel of scripts/build-kernel.sh
                  --variant V (build/obj-V; results in build/ktest-V),
                  only the runs a scenario's '# sanitize: PATTERN...'
                  line selects (shell patterns on the run id), with twice
                  the time limits: such a kernel runs several times slower
  --reuse-initrd  do not rebuild the initramfs
  --list          list the scenarios and exit
  --runs          print the id and time limit of each run the other
                  options select, and exit (nothing is booted)
  -h, --help      this text

Output: one line per run, a summary, metrics (benchmarks print ratios
here), the failed runs with an excerpt of their console, and last a line
"N passed, N failed, N skipped". A selection that matches no run is an
error. Exit status 0 only if nothing failed. Console logs:
RESULTS/logs/<scenario>-smp<N>.log; the logs of failed runs are also
kept in RESULTS/logs/failed/, time-stamped.
EOF
}

die() {
	echo "run.sh: error: $*" >&2
	exit 1
}

# Header fields of a scenario: "# key: value".
field() {
	sed -n "s/^# $2: *//p" "$1" | head -n1
}

selected() {
	local name=$1 pat

	[ -n "$ONLY" ] || return 0
	for pat in ${ONLY//,/ }; do
		# shellcheck disable=SC2053
		[[ $name == $pat ]] && return 0
	done
	return 1
}

# Fold the KTAP case lines of a KUnit boot into the results.
record_kunit() {
	local log=$1 suite="" line status name

	while IFS= read -r line; do
		line=$(echo "$line" | sed 's/^\[ *[0-9.]*\] //' | tr -d '\r')
		case $line in
		"    # Subtest: "*) suite=${line#    # Subtest: } ;;
		"    ok "*|"    not ok "*)
			status=PASS
			[[ $line == "    not ok "* ]] && status=FAIL
			[[ $line == *"# SKIP"* ]] && status=SKIP
			name=$(echo "$line" | sed -E 's/^ *(not )?ok [0-9]+ //; s/ *#.*$//')
			record "kunit:$suite.$name" "$status" "KUnit case" ;;
		esac
	done < <(grep -a '^\[ *[0-9.]*\] ' "$log")
}

declare -a NAMES=() VERDICTS=() REASONS=()
# Wall time of each scenario's boots, summed (they overlap with --jobs).
declare -A SCEN_SECS=() SCEN_BOOTS=()

record() {
	NAMES+=("$1")
	VERDICTS+=("$2")
	REASONS+=("$3")
	printf '%-4s %-34s %s\n' "$2" "$1" "$3"
}

# Expand "# matrix: K=a,b L=c" into lines "N K=a,L=c" (the cartesian
# product), or one line "0 " for a scenario without a matrix. N is the
# sum of the positions of the combination's values in their lists: the
# CPU count of a run of an 'smp-rotate: yes' scenario.
matrix_combos() {
	local combos=("") sums=(0) dim key vals v c i n next nsums rules

	for dim in $(field "$1" matrix); do
		key=${dim%%=*}
		vals=${MATRIX_SET[$key]:-${dim#*=}}
		next=()
		nsums=()
		for i in "${!combos[@]}"; do
			c=${combos[$i]}
			n=0
			for v in ${vals//,/ }; do
				next+=("${c:+$c,}$key=$v")
				nsums+=($((sums[i] + n)))
				n=$((n + 1))
			done
		done
		combos=("${next[@]}")
		sums=("${nsums[@]}")
	done
	mapfile -t rules < <(sed -n 's/^# exclude: *//p' "$1")
	for i in "${!combos[@]}"; do
		excluded "${combos[$i]}" "${rules[@]}" || echo "${sums[$i]} ${combos[$i]}"
	done
}

# Whether combination $1 ("K=v,L=w") is excluded by one of the rules
# that follow, the scenario's "# exclude: K=v,... -- reason" lines: one
# whose every K=v is in the combination.
excluded() {
	local combo=$1 rule kv

	shift
	for rule in "$@"; do
		rule=${rule%% -- *}
		for kv in ${rule//,/ }; do
			[[ ",$combo," == *",$kv,"* ]] || continue 2
		done
		return 0
	done
	return 1
}

# Whether scenario $1 runs each combination at one of its CPU counts, in
# turn: 'smp-rotate: yes', unless --cpus or --every-smp says otherwise.
rotates() {
	[ -z "$CPUS" ] && [ $EVERY_SMP -eq 0 ] && [ "$(field "$1" smp-rotate)" = yes ]
}

# The CPU counts of a combination whose position sum is $2, of the
# scenario's counts that follow (or --cpus): all of them, or if $1 is 1
# (it rotates them, see rotates()) the one whose turn it is. Rotating by
# the sum of positions, not by the combination's index, makes every
# value of every dimension meet every CPU count (recover-tcp: each NIC
# and entry at 1 and at 2 vCPUs, once with each fault type).
run_smps() {
	local rot=$1 sum=$2

	shift 2
	if [ "$rot" -eq 1 ]; then
		echo "${@:$((sum % $# + 1)):1}"
	else
		echo "$*"
	fi
}

# Whether the '# sanitize:' patterns of scenario $1 select run id $2.
sanitize_selects() {
	local pat pats

	read -ra pats <<<"$(field "$1" sanitize)"
	for pat in "${pats[@]}"; do
		# shellcheck disable=SC2053
		[[ $2 == $pat ]] && return 0
	done
	return 1
}

# With --slice: the slice of each scenario in a rotation group whose turn
# it is; the other members of the group are dropped from the selection.
declare -A SCEN_SLICE=()

# rotate SCENARIO...: keep (print) the scenarios whose turn it is.
rotate() {
	local s t i n
	local -A group=()

	for s in "$@"; do
		group[$s]=$(field "$s" rotate)
	done
	for s in "$@"; do
		if [ -z "$SLICE" ] || [ -z "${group[$s]}" ]; then
			echo "$s"
			continue
		fi
		i=0
		n=0
		for t in "$@"; do
			[ "${group[$t]}" = "${group[$s]}" ] || continue
			[[ $t < $s ]] && i=$((i + 1))
			n=$((n + 1))
		done
		[ $((SLICE % n)) -eq $i ] && echo "$s $((SLICE / n))"
	done
}

# Jobs: parallel arrays, one entry per QEMU boot.
declare -a JOB_ID=() JOB_NAME=() JOB_ENV=() JOB_SMP=() JOB_TIMEOUT=()
declare -a JOB_EXPECT=() JOB_CRASH=() JOB_NICS=() JOB_APPEND=() JOB_EXCL=() JOB_STRICT=()
declare -a JOB_ICOUNT=()

add_jobs() {
	local s=$1 name combo smp id sum k t n=-1 slice=${SCEN_SLICE[$1]:-$SLICE}
	local key val kv vals smps rot=0 i
	local -a ids=() combos=() cpus=()
	local -A f=()

	name=$(basename "$s" .sh)
	# The scenario's header, read once: a fork per field and run makes
	# --runs take seconds per scenario on a slow host.
	while IFS=$'\t' read -r key val; do
		[ -n "${f[$key]+set}" ] || f[$key]=$val
	done < <(sed -n 's/^# \([a-z-]*\): *\(.*\)$/\1\t\2/p' "$s")
	k=${f[slices]:-}
	read -ra smps <<<"${CPUS:-${f[smp]:-}}"
	! rotates "$s" || rot=1
	t=${TIMEOUT:-${f[timeout]:-}}
	[ -z "$SANITIZE" ] || [ -n "$TIMEOUT" ] || t=$((${t:-300} * 2))
	while read -r sum combo; do
		n=$((n + 1))
		if [ -z "$SANITIZE" ] && [ -n "$slice" ] && [ -n "$k" ] &&
			[ $((n % k)) -ne $((slice % k)) ]; then
			continue
		fi
		vals=
		for kv in ${combo//,/ }; do
			vals=${vals:+$vals-}${kv#*=}
		done
		for smp in $(run_smps $rot "$sum" "${smps[@]}"); do
			if [ -n "$SMP_FILTER" ] && [[ ",$SMP_FILTER," != *",$smp,"* ]]; then
				continue
			fi
			id=$name${vals:+/$vals}/smp$smp
			# shellcheck disable=SC2053
			[ -z "$ID_FILTER" ] || [[ $id == $ID_FILTER ]] || continue
			[ -z "$SANITIZE" ] || sanitize_selects "$s" "$id" || continue
			ids+=("$id")
			combos+=("$combo")
			cpus+=("$smp")
		done
	done < <(matrix_combos "$s")
	# The sanitizer kernels run several times slower: with --slice, of
	# the runs a scenario's '# sanitize:' line selects, one, in turn.
	for i in "${!ids[@]}"; do
		if [ -n "$SANITIZE" ] && [ -n "$slice" ] &&
			[ $((slice % ${#ids[@]})) -ne "$i" ]; then
			continue
		fi
		JOB_ID+=("${ids[$i]}")
		JOB_NAME+=("$name")
		JOB_ENV+=("${combos[$i]}${SETS:+${combos[$i]:+,}$SETS}")
		JOB_SMP+=("${cpus[$i]}")
		JOB_TIMEOUT+=("$t")
		JOB_EXPECT+=("${f[expect]:-}")
		JOB_CRASH+=("${f[crash]:-}")
		JOB_NICS+=("${f[nics]:-}")
		JOB_APPEND+=("${f[append]:-}")
		JOB_EXCL+=("${f[exclusive]:-}")
		JOB_STRICT+=("${f[oversubscribe]:-}")
		JOB_ICOUNT+=("${f[icount]:-}")
	done
}

# Boot job $1 and leave "VERDICT reason" in its result file.
run_job() {
	local j=$1 log rc outcome boot why first_why t0=$SECONDS

	log=$RESULTS/logs/$(echo "${JOB_ID[$j]}" | tr '/' '_').log
	for boot in 1 2; do
		rc=0
		"$BOOT" --kernel "$KERNEL" --initrd "$INITRD" \
			--log "$log" --smp "${JOB_SMP[$j]}" --nics "${JOB_NICS[$j]}" \
			--timeout "${JOB_TIMEOUT[$j]:-300}" --icount "${JOB_ICOUNT[$j]}" \
			--append "kunit.enable=0 ndrv.test=${JOB_NAME[$j]} ndrv.env=${JOB_ENV[$j]:-none} ${JOB_APPEND[$j]} $EXTRA_APPEND" ||
			rc=$?
		outcome=$(apply_expect "${JOB_EXPECT[$j]:-pass}" "$(judge_log "$log" "${JOB_NAME[$j]}" $rc)" "$log" \
			"${JOB_CRASH[$j]}")
		# One more boot, said so, if the guest found its boot unfit
		# to run the scenario (the emulator on a loaded host, say),
		# or if QEMU itself crashed (SIGSEGV, SIGABRT) before the
		# guest was ready to run it: a fault of the emulator (seen
		# once in PCI enumeration at boot), not of the kernel.
		why=
		if [[ $outcome == "SKIP environment:"* ]]; then
			why="the guest found it unfit"
		elif { [ $rc -eq 139 ] || [ $rc -eq 134 ]; } &&
			! grep -qa '^NDRV-READY' "$log"; then
			why="QEMU crashed (exit $rc) before the guest was ready"
		fi
		if [ -z "$why" ] || [ $boot -ne 1 ] || ! fits_budget "$j"; then
			break
		fi
		first_why=$why
		cp "$log" "$log.first"
	done
	[ $boot -eq 1 ] || outcome="$outcome [second boot; the first: ${log##*/}.first, $first_why]"
	if [ $CI_MODE -eq 1 ] && [[ $outcome == SKIP* ]] && [[ $outcome != "SKIP environment:"* ]]; then
		outcome="FAIL skipped, which CI counts as failed: ${outcome#SKIP }"
	fi
	echo "$outcome" >"$RESULTS/jobs/$j.result"
	echo $((SECONDS - t0)) >"$RESULTS/jobs/$j.secs"
	# A later run of the same id overwrites its log: keep the failures.
	if [ "${outcome%% *}" = FAIL ] && [ -f "$log" ]; then
		mkdir -p "$RESULTS/logs/failed"
		cp "$log" "$RESULTS/logs/failed/${log##*/}.$(date +%Y%m%d-%H%M%S)"
	fi
	grep -a '^NDRV-METRIC: ' "$log" | tr -d '\r' |
		sed "s|^NDRV-METRIC: [^ ]* |${JOB_ID[$j]} |" >"$RESULTS/jobs/$j.metrics" || true
}

# A job finished: record its verdict (and, for KUnit, each case).
finish_job() {
	local j=$1 outcome

	outcome=$(cat "$RESULTS/jobs/$j.result" 2>/dev/null || echo "FAIL the job left no result")
	SCEN_SECS[${JOB_NAME[$j]}]=$(( ${SCEN_SECS[${JOB_NAME[$j]}]:-0} + $(cat "$RESULTS/jobs/$j.secs" 2>/dev/null || echo 0) ))
	SCEN_BOOTS[${JOB_NAME[$j]}]=$(( ${SCEN_BOOTS[${JOB_NAME[$j]}]:-0} + 1 ))
	record "${JOB_ID[$j]}" "${outcome%% *}" "${outcome#* }"
	cat "$RESULTS/jobs/$j.metrics" >>"$RESULTS/metrics.txt" 2>/dev/null || true
	[ "${JOB_NAME[$j]}" != kunit ] ||
		record_kunit "$RESULTS/logs/$(echo "${JOB_ID[$j]}" | tr '/' '_').log"
}

# Run every job, at most $JOBS vCPUs' worth at a time; exclusive jobs
# (benchmarks) run alone, and while an 'oversubscribe: no' job runs the
# vCPUs in use stay within the host's CPUs. Scenarios list their smp1
# and smp2 runs side by side: started strictly in that order, an smp1
# run would leave the other CPU idle while the smp2 run after it waits
# for both. So each free slot goes to the first job in the list that
# fits in it.
run_jobs() {
	local i j used=0 strict=0 cap done_pid next rc
	local -a pending=()
	declare -A running=()

	# Benchmarks last: they wait for an idle machine anyway, and under a
	# budget it is better that a printed ratio is missing than a test.
	for j in "${!JOB_ID[@]}"; do
		[ "${JOB_EXCL[$j]}" = yes ] || pending+=("$j")
	done
	for j in "${!JOB_ID[@]}"; do
		[ "${JOB_EXCL[$j]}" != yes ] || pending+=("$j")
	done
	while [ ${#pending[@]} -gt 0 ] || [ ${#running[@]} -gt 0 ]; do
		next=""
		for i in "${!pending[@]}"; do
			j=${pending[$i]}
			if ! fits_budget "$j"; then
				record "${JOB_ID[$j]}" "$([ $CI_MODE -eq 1 ] && echo FAIL || echo SKIP)" \
					"budget: not started, $((DEADLINE - EPOCHSECONDS)) s left and the run may take ${JOB_TIMEOUT[$j]:-300} s"
				unset "pending[$i]"
				continue
			fi
			job_slots "$j"
			cap=$JOBS
			if [ $strict -gt 0 ] || [ "${JOB_STRICT[$j]}" = no ]; then
				[ "$HOST_CPUS" -ge "$cap" ] || cap=$HOST_CPUS
			fi
			# An idle machine takes any job, whatever it asks.
			if [ $used -eq 0 ] || [ $((used + SLOTS)) -le "$cap" ]; then
				next=$i
				break
			fi
		done
		if [ -n "$next" ]; then
			j=${pending[$next]}
			unset "pending[$next]"
			run_job "$j" &
			running[$!]=$j
			used=$((used + SLOTS))
			[ "${JOB_STRICT[$j]}" != no ] || strict=$((strict + 1))
			continue
		fi
		# Every pending run left out by the budget, none running.
		[ ${#running[@]} -gt 0 ] || continue
		done_pid=""
		rc=0
		wait -n -p done_pid "${!running[@]}" || rc=$?
		if [ -z "$done_pid" ] || [ -z "${running[$done_pid]+set}" ]; then
			# A trapped signal ends the wait early: wait again.
			# 127: none of them is a child any more.
			[ "$rc" -ne 127 ] ||
				die "lost track of the running VMs (pids ${!running[*]}); their logs are in $RESULTS/logs"
			continue
		fi
		j=${running[$done_pid]}
		unset "running[$done_pid]"
		finish_job "$j"
		job_slots "$j"
		used=$((used - SLOTS))
		[ "${JOB_STRICT[$j]}" != no ] || strict=$((strict - 1))
	done
}

# Whether job $1, started now, ends before the deadline of --budget even
# if it runs to its time limit (QEMU is killed there; 30 s for asking a
# hung QEMU where it is stuck and judging the log). EPOCHSECONDS, not
# date: like job_slots, this is asked of every pending job each time a
# slot frees.
fits_budget() {
	[ "$DEADLINE" -eq 0 ] ||
		[ $((EPOCHSECONDS + ${JOB_TIMEOUT[$1]:-300} + 30)) -le "$DEADLINE" ]
}

# Set SLOTS to the vCPUs job $1 holds while it runs (no subshell: this is
# asked once per pending job each time a slot frees).
job_slots() {
	SLOTS=${JOB_SMP[$1]}
	[ "$SLOTS" -le "$JOBS" ] || SLOTS=$JOBS
	[ "${JOB_EXCL[$1]}" != yes ] || SLOTS=$JOBS
}

main() {
	local scenarios=() s t0 t1 pass=0 fail=0 skip=0 i smps runs sum slices k rot

	while [ $# -gt 0 ]; do
		case $1 in
		--obj) OBJ=${2:?}; shift ;;
		--results) RESULTS=${2:?}; shift ;;
		--only) ONLY=${2:?}; shift ;;
		--smp) SMP_FILTER=${2:?}; shift ;;
		--id) ID_FILTER=${2:?}; shift ;;
		--cpus) CPUS=${2:?}; CPUS=${CPUS//,/ }; shift ;;
		--every-smp) EVERY_SMP=1 ;;
		--budget)
			[[ ${2:-} =~ ^[0-9]+$ ]] ||
				die "--budget wants a number of seconds, e.g. 3600"
			DEADLINE=$((EPOCHSECONDS + $2))
			shift ;;
		--set)
			[[ ${2:-} =~ ^[A-Z_][A-Z0-9_]*=[^,[:space:]]+$ ]] ||
				die "--set wants KEY=VALUE (no comma or space in VALUE), e.g. ROUNDS=6"
			SETS=${SETS:+$SETS,}$2
			shift ;;
		--matrix)
			[[ ${2:-} == [A-Z]*=?* ]] ||
				die "--matrix wants KEY=VALUE[,VALUE...], e.g. NIC=8139cp"
			MATRIX_SET[${2%%=*}]=${2#*=}
			shift ;;
		--append) EXTRA_APPEND=${2?}; shift ;;
		--timeout)
			[[ ${2:-} =~ ^[1-9][0-9]*$ ]] ||
				die "--timeout wants a number of seconds, e.g. 900"
			TIMEOUT=$2
			shift ;;
		--jobs|-j) JOBS=${2:?}; shift ;;
		--slice)
			[[ ${2:-} =~ ^[0-9]+$ ]] ||
				die "--slice wants a number, e.g. \$(git rev-list --count HEAD)"
			SLICE=$2
			shift ;;
		--ci) CI_MODE=1 ;;
		--full) FULL=1 ;;
		--sanitize)
			SANITIZE=${2:?--sanitize needs a variant: kasan, lockdep or sanitize}
			OBJ=$REPO/build/obj-$SANITIZE
			RESULTS=$REPO/build/ktest-$SANITIZE
			shift ;;
		--reuse-initrd) REUSE_INITRD=1 ;;
		--list) LIST=1 ;;
		--runs) RUNS=1 ;;
		-h|--help) usage; exit 0 ;;
		*) die "unknown argument '$1': see 'ktest/run.sh --help'" ;;
		esac
		shift
	done
	[[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "--jobs needs a positive number, not '$JOBS'"

	for s in "$KTEST"/scenarios/*.sh; do
		selected "$(basename "$s" .sh)" || continue
		[ $FULL -eq 1 ] || [ "$(field "$s" tier)" != full ] || continue
		[ -z "$SANITIZE" ] || [ -n "$(field "$s" sanitize)" ] || continue
		[ -n "$SANITIZE" ] || [ "$(field "$s" kernel)" != sanitizer ] || continue
		scenarios+=("$s")
	done
	[ ${#scenarios[@]} -gt 0 ] || die "no scenario matches '$ONLY': see 'ktest/run.sh --list'"
	for k in "${!MATRIX_SET[@]}"; do
		for s in "${scenarios[@]}"; do
			[[ " $(field "$s" matrix)" == *" $k="* ]] && continue 2
		done
		die "--matrix $k=...: no selected scenario has a matrix dimension $k (see 'ktest/run.sh --list' and the scenarios' '# matrix:' lines)"
	done
	if [ $LIST -eq 1 ]; then
		for s in "${scenarios[@]}"; do
			smps=${CPUS:-$(field "$s" smp)}
			rot=0
			! rotates "$s" || rot=1
			runs=0
			# shellcheck disable=SC2086
			while read -r sum _; do
				runs=$((runs + $(run_smps $rot "$sum" $smps | wc -w)))
			done < <(matrix_combos "$s")
			smps=$(echo "$smps" | tr -s ' ' ,)
			[ $rot -eq 0 ] || smps=${smps//,/|}
			slices=$(field "$s" slices)
			printf '%-24s smp %-12s %-6s %4s runs%s  %s\n' "$(basename "$s" .sh)" \
				"$smps" "$(field "$s" expect)" "$runs" \
				"${slices:+ in $slices slices}" "$(field "$s" desc)"
			sed -n 's/^# exclude: */    not run: /p' "$s"
		done
		exit 0
	fi

	while read -r s slices; do
		[ -z "$slices" ] || SCEN_SLICE[$s]=$slices
		add_jobs "$s"
	done < <(rotate "${scenarios[@]}")
	[ ${#JOB_ID[@]} -gt 0 ] ||
		die "the selection matches no run (--only '${ONLY:-*}'${SMP_FILTER:+ --smp $SMP_FILTER}${ID_FILTER:+ --id '$ID_FILTER'}${SLICE:+ --slice $SLICE}${SANITIZE:+ --sanitize $SANITIZE}): see 'ktest/run.sh --list' for the scenarios, their CPU counts and matrices"
	if [ $RUNS -eq 1 ]; then
		for i in "${!JOB_ID[@]}"; do
			printf '%-48s %5s s\n' "${JOB_ID[$i]}" "${JOB_TIMEOUT[$i]}"
		done
		exit 0
	fi
	KERNEL=$OBJ/arch/x86/boot/bzImage
	[ -f "$KERNEL" ] || die "no kernel at $KERNEL: run scripts/build-kernel.sh first"
	rm -rf "$RESULTS/jobs"
	mkdir -p "$RESULTS/logs" "$RESULTS/jobs" "$RESULTS/tools"
	INITRD=$RESULTS/initramfs.cpio.gz
	if [ $REUSE_INITRD -eq 0 ] || [ ! -f "$INITRD" ]; then
		"$KTEST/tools/build.sh" "$RESULTS/tools" >&2
		"$KTEST/mkinitramfs.sh" --modules "$OBJ/modinst" --out "$INITRD" \
			--tools "$RESULTS/tools" >&2
	fi
	: >"$RESULTS/metrics.txt"

	t0=$(date +%s)
	run_jobs
	t1=$(date +%s)

	for i in "${!VERDICTS[@]}"; do
		case ${VERDICTS[$i]} in
		PASS) pass=$((pass + 1)) ;;
		SKIP) skip=$((skip + 1)) ;;
		*) fail=$((fail + 1)) ;;
		esac
	done
	{
		echo "== nDriver ktest summary: ${#JOB_ID[@]} boots in $((t1 - t0)) s =="
		[ -z "$SLICE" ] ||
			echo "== matrix slice $SLICE: each scenario with K slices ran its combinations at positions $SLICE mod K, of each rotation group one member; rerun with 'ktest/run.sh --slice $SLICE', all of them without --slice =="
		# Where the time goes, for whoever has to fit the suite into a
		# CI budget: boot-seconds per scenario, largest first.
		echo "== boot-seconds per scenario (boots overlap with --jobs) =="
		for s in "${!SCEN_SECS[@]}"; do
			printf '%6d s %4d boots  %s\n' "${SCEN_SECS[$s]}" "${SCEN_BOOTS[$s]}" "$s"
		done | sort -rn
		if [ -s "$RESULTS/metrics.txt" ]; then
			echo "== metrics (one run each; not assertions) =="
			sort "$RESULTS/metrics.txt"
		fi
		# Last, so that the end of a long CI log shows them: what did
		# not pass, and of a failed run the console around its trouble.
		for i in "${!VERDICTS[@]}"; do
			[ "${VERDICTS[$i]}" = SKIP ] || continue
			printf 'SKIP %s: %s\n' "${NAMES[$i]}" "${REASONS[$i]}"
		done
		[ $skip -eq 0 ] || echo "SKIPPED: $skip (not run, not counted as passed; reasons above)"
		for i in "${!VERDICTS[@]}"; do
			[ "${VERDICTS[$i]}" = FAIL ] || continue
			printf 'FAIL %s: %s\n' "${NAMES[$i]}" "${REASONS[$i]}"
			# KUnit cases share their boot's log, shown with the boot.
			[[ ${NAMES[$i]} == kunit:* ]] ||
				log_excerpt "$RESULTS/logs/$(echo "${NAMES[$i]}" | tr '/' '_').log"
		done
	} | tee "$RESULTS/summary.txt"
	echo "$pass passed, $fail failed, $skip skipped" | tee -a "$RESULTS/summary.txt"
	[ $fail -eq 0 ]
}

main "$@"
