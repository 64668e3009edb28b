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
LIST=0
REUSE_INITRD=0

usage() {
	cat <<EOF
Usage: ktest/run.sh [OPTIONS]

Runs every scenario in ktest/scenarios/ (or those selected) in the test VM:
one QEMU boot per scenario and per CPU count it lists, kernel and modules
from the build directory, verdicts from the serial console.

A run PASSES when its scenario printed PASS, the VM shut down by itself
within the scenario's time limit, and the kernel printed no oops, BUG,
panic, warning or "Call Trace:". Scenarios marked 'expect: crash' or
'expect: hang' are controls: they pass only if the run fails in that way,
which shows the harness catches what nDriver is meant to prevent. A
scenario that cannot run here says SKIP with the reason; skips are listed
and never counted as passes.

The nDriver KUnit cases, run at boot by the 'kunit' scenario, are counted
one by one.

Options:
  --obj DIR       kernel build directory (default: build/obj)
  --results DIR   logs and summaries (default: build/ktest)
  --only LIST     comma-separated scenario names or shell patterns
  --smp LIST      only these CPU counts (e.g. 1 or 1,2)
  --reuse-initrd  do not rebuild the initramfs
  --list          list the scenarios and exit
  -h, --help      this text

Output: one line per run, a summary, metrics (benchmarks print ratios
here), and last a line "N passed, N failed". Exit status 0 only if
nothing failed. Console logs: RESULTS/logs/<scenario>-smp<N>.log.
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

record() {
	NAMES+=("$1")
	VERDICTS+=("$2")
	REASONS+=("$3")
	printf '%-4s %-34s %s\n' "$2" "$1" "$3"
}

main() {
	local scenarios=() s name smp_list smp timeout expect nics append log rc outcome
	local kernel initrd t0 t1 pass=0 fail=0 skip=0 i

	while [ $# -gt 0 ]; do
		case $1 in
		--obj) OBJ=${2:?}; shift ;;
		--results) RESULTS=${2:?}; shift ;;
		--only) ONLY=${2:?}; shift ;;
		--smp) SMP_FILTER=${2:?}; shift ;;
		--reuse-initrd) REUSE_INITRD=1 ;;
		--list) LIST=1 ;;
		-h|--help) usage; exit 0 ;;
		*) die "unknown argument '$1': see 'ktest/run.sh --help'" ;;
		esac
		shift
	done

	for s in "$KTEST"/scenarios/*.sh; do
		name=$(basename "$s" .sh)
		selected "$name" && scenarios+=("$s")
	done
	[ ${#scenarios[@]} -gt 0 ] || die "no scenario matches '$ONLY': see 'ktest/run.sh --list'"
	if [ $LIST -eq 1 ]; then
		for s in "${scenarios[@]}"; do
			printf '%-28s smp %-4s %-6s %s\n' "$(basename "$s" .sh)" \
				"$(field "$s" smp | tr ' ' ,)" "$(field "$s" expect)" "$(field "$s" desc)"
		done
		exit 0
	fi

	kernel=$OBJ/arch/x86/boot/bzImage
	[ -f "$kernel" ] || die "no kernel at $kernel: run scripts/build-kernel.sh first"
	mkdir -p "$RESULTS/logs"
	initrd=$RESULTS/initramfs.cpio.gz
	if [ $REUSE_INITRD -eq 0 ] || [ ! -f "$initrd" ]; then
		"$KTEST/mkinitramfs.sh" --modules "$OBJ/modinst" --out "$initrd" \
			--tools "$RESULTS/tools" >&2
	fi
	: >"$RESULTS/metrics.txt"

	t0=$(date +%s)
	for s in "${scenarios[@]}"; do
		name=$(basename "$s" .sh)
		smp_list=$(field "$s" smp)
		timeout=$(field "$s" timeout)
		expect=$(field "$s" expect)
		nics=$(field "$s" nics)
		append=$(field "$s" append)
		for smp in ${smp_list:-1}; do
			if [ -n "$SMP_FILTER" ] && [[ ",$SMP_FILTER," != *",$smp,"* ]]; then
				continue
			fi
			log=$RESULTS/logs/$name-smp$smp.log
			rc=0
			"$KTEST/qemu-boot.sh" --kernel "$kernel" --initrd "$initrd" \
				--log "$log" --smp "$smp" --nics "$nics" \
				--timeout "${timeout:-300}" \
				--append "kunit.enable=0 ndrv.test=$name $append" || rc=$?
			outcome=$(apply_expect "${expect:-pass}" "$(judge_log "$log" "$name" $rc)")
			record "$name/smp$smp" "${outcome%% *}" "${outcome#* }"
			grep -a '^NDRV-METRIC: ' "$log" | tr -d '\r' |
				sed "s/^NDRV-METRIC: [^ ]* /$name\/smp$smp /" >>"$RESULTS/metrics.txt" || true
			[ "$name" != kunit ] || record_kunit "$log"
		done
	done
	t1=$(date +%s)

	for i in "${!VERDICTS[@]}"; do
		case ${VERDICTS[$i]} in
		PASS) pass=$((pass + 1)) ;;
		SKIP) skip=$((skip + 1)) ;;
		*) fail=$((fail + 1)) ;;
		esac
	done
	{
		echo "== nDriver ktest summary ($((t1 - t0)) s) =="
		for i in "${!VERDICTS[@]}"; do
			[ "${VERDICTS[$i]}" = PASS ] || printf '%-4s %s: %s\n' "${VERDICTS[$i]}" "${NAMES[$i]}" "${REASONS[$i]}"
		done
		if [ -s "$RESULTS/metrics.txt" ]; then
			echo "== metrics (one run each; not assertions) =="
			cat "$RESULTS/metrics.txt"
		fi
		[ $skip -eq 0 ] || echo "SKIPPED: $skip (not run, not counted as passed; reasons above)"
	} | tee "$RESULTS/summary.txt"
	echo "$pass passed, $fail failed" | tee -a "$RESULTS/summary.txt"
	[ $fail -eq 0 ]
}

main "$@"
