#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# campaign.sh - a fault-injection campaign: mutation faults inside guarded
# drivers (/sys/kernel/debug/ndriver/mutate), many per boot, until each
# target has enough activated faults; a VM that dies is a crash, and the
# next batch starts on a fresh boot after the fault that killed it.
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$REPO/build/campaign
SEED=1
FAULTS=200
BATCH=25
TARGETS=()
RUN_ARGS=()
SUMMARY_ONLY=0

usage() {
	cat <<EOF
Usage: ktest/campaign.sh [OPTIONS]

Boots the ktest VM again and again (scenario campaign-net), each boot a
batch of mutation faults in one guarded NIC driver under TCP both ways,
until each target has FAULTS activated faults. Every fault is drawn from
the seed and its index, so a campaign is reproducible and can be run in
shards (--first) whose results merge. Each fault gets one outcome:

  not-activated     the instruction did not run (re-drawn: not counted)
  no-effect         it ran, nothing visible happened
  recovered         detected and recovered, the workload intact
  recovered-harmed  detected and recovered, but a transfer failed
  undetected        not detected, and a transfer failed or was corrupted
  dead              the NIC did not work again after the fault and a
                    planned swap to a fresh instance: a failure
  crash             the VM died (oops, panic, hang): a failure
  refused           no instruction offered the kind (not counted)

Options:
  --target NIC/smpN  a target (default: 8139cp/smp1 8139too/smp1
                     e1000/smp1 e1000/smp2 vmxnet3/smp1 vmxnet3/smp2);
                     may be repeated
  --seed S           the campaign's seed (default 1)
  --faults N         activated faults per target (default 200)
  --batch N          faults per boot (default 25)
  --first I          the first fault index (default: after the last one
                     recorded for the target and seed in the results)
  --out DIR          results (default: build/campaign): faults.tsv, one
                     line per fault, and the logs of each boot
  --summary          print the table of the results in DIR and exit
  --sanitize V, --obj DIR, --append ARGS
                     passed to ktest/run.sh (the kernel to test)
  -h, --help         this text

The table is printed at the end: per target and fault kind, how many
faults were activated and what became of them.
EOF
}

die() {
	echo "campaign.sh: error: $*" >&2
	exit 1
}

FIRST=
while [ $# -gt 0 ]; do
	case $1 in
	--target) TARGETS+=("${2:?--target needs NIC/smpN}"); shift ;;
	--seed) SEED=${2:?--seed needs a number}; shift ;;
	--faults) FAULTS=${2:?--faults needs a number}; shift ;;
	--batch) BATCH=${2:?--batch needs a number}; shift ;;
	--first) FIRST=${2:?--first needs a number}; shift ;;
	--out) OUT=${2:?--out needs a directory}; shift ;;
	--summary) SUMMARY_ONLY=1 ;;
	--sanitize|--obj|--append)
		RUN_ARGS+=("$1" "${2:?$1 needs a value}"); shift ;;
	-h|--help) usage; exit 0 ;;
	*) die "unknown argument '$1': see --help" ;;
	esac
	shift
done
[ ${#TARGETS[@]} -gt 0 ] ||
	TARGETS=(8139cp/smp1 8139too/smp1 e1000/smp1 e1000/smp2 vmxnet3/smp1 vmxnet3/smp2)
for n in "$SEED" "$FAULTS" "$BATCH" ${FIRST:+"$FIRST"}; do
	[[ $n =~ ^[0-9]+$ ]] || die "'$n' is not a number"
done
mkdir -p "$OUT/logs"
TSV=$OUT/faults.tsv
[ -e "$TSV" ] || printf 'target\tseed\tindex\tkind\toutcome\tfault\tworkload\n' >"$TSV"

# summary: the table of faults.tsv, one row per target and kind.
summary() {
	awk -F'\t' '
	NR == 1 { next }
	{ key = $1 "\t" $4; seen[$1 "\t" $2 "\t" $3] = 1 }
	$5 == "not-activated" || $5 == "refused" { next }
	{ n[key]++; o[key, $5]++; keys[key] = 1; t[$1]++; to[$1, $5]++ }
	END {
		split("no-effect recovered recovered-harmed undetected dead crash", cols, " ")
		printf "| target | kind | activated |"
		for (c = 1; c <= 6; c++) printf " %s |", cols[c]
		printf " survival of manifested |\n|---|---|---|---|---|---|---|---|---|---|\n"
		for (k in keys) {
			split(k, f, "\t")
			m = n[k] - o[k, "no-effect"]
			printf "| %s | %s | %d |", f[1], f[2], n[k]
			for (c = 1; c <= 6; c++) printf " %d |", o[k, cols[c]]
			printf " %s |\n", m ? sprintf("%.1f%%", 100 * o[k, "recovered"] / m) : "-"
		}
		for (tg in t) {
			m = t[tg] - to[tg, "no-effect"]
			printf "| %s | all | %d |", tg, t[tg]
			for (c = 1; c <= 6; c++) printf " %d |", to[tg, cols[c]]
			printf " %s |\n", m ? sprintf("%.1f%%", 100 * to[tg, "recovered"] / m) : "-"
		}
	}' "$TSV" | { read -r h; read -r s; echo "$h"; echo "$s"; sort; }
}

if [ $SUMMARY_ONLY = 1 ]; then
	summary
	exit 0
fi

# crash_reason LOG: the kernel's report in LOG, or what the harness saw.
crash_reason() {
	grep -a -m 1 -o 'BUG:.*\|Oops:.*\|general protection.*\|Kernel panic.*\|watchdog: .*\|rcu: .*stall.*' "$1" |
		tr -d '\r\t' && return
	sed -n 's/^FAIL campaign-net[^ ]* *//p' "$1.run" | head -n 1 | tr -d '\t'
}

# activated TARGET: faults of TARGET and SEED that count.
activated() {
	awk -F'\t' -v t="$1" -v s="$SEED" \
		'$1 == t && $2 == s && $5 != "not-activated" && $5 != "refused"' "$TSV" | wc -l
}

# next_index TARGET: one past the last fault recorded for it.
next_index() {
	awk -F'\t' -v t="$1" -v s="$SEED" 'BEGIN { m = -1 }
		$1 == t && $2 == s && $3 + 0 > m { m = $3 + 0 }
		END { print m + 1 }' "$TSV"
}

for target in "${TARGETS[@]}"; do
	nic=${target%/smp*}
	smp=${target#*/smp}
	[[ $nic != "$target" && $smp =~ ^[12]$ ]] ||
		die "target '$target' is not NIC/smp1 or NIC/smp2"
	i=${FIRST:-$(next_index "$target")}
	while [ "$(activated "$target")" -lt "$FAULTS" ]; do
		log=$OUT/logs/$nic-smp$smp-seed$SEED-$i.log
		echo "campaign.sh: $target: faults $i-$((i + BATCH - 1)), $(activated "$target") of $FAULTS activated so far"
		"$REPO/ktest/run.sh" --full --only campaign-net --matrix "NIC=$nic" \
			--cpus "$smp" --set "SEED=$SEED" --set "FIRST=$i" \
			--set "COUNT=$BATCH" --results "$OUT/run" \
			--timeout $((120 + BATCH * 30)) \
			${RUN_ARGS[@]+"${RUN_ARGS[@]}"} >"$log.run" 2>&1 || :
		cp "$OUT/run/logs/campaign-net_${nic}_smp$smp.log" "$log" 2>/dev/null ||
			die "no log of the boot: see $log.run"
		# Judged faults.
		sed -n 's/^.*NDRV-FAULT: \([0-9]*\) [^ ]* \([^ ]*\) seed=[0-9]* \([^ ]*\) \(.*\); workload: \(.*\)$/\1\t\2\t\3\t\4\t\5/p;
			s/^.*NDRV-FAULT: \([0-9]*\) [^ ]* \([^ ]*\) seed=[0-9]* - refused \(.*\)$/\1\t\2\trefused\t\3\t-/p' "$log" |
			tr -d '\r' | while IFS=$'\t' read -r idx kind outcome fault work; do
				printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$SEED" \
					"$idx" "$kind" "$outcome" "$fault" "$work"
			done >>"$TSV"
		last=$(sed -n 's/^.*NDRV-FAULT: \([0-9]*\) .*/\1/p' "$log" | tail -n 1)
		armed=$(sed -n 's/^.*NDRV-FAULT-ARMED: \([0-9]*\) [^ ]* \([^ ]*\) .*/\1 \2/p' "$log" | tail -n 1)
		if [ -n "$armed" ] && [ "${armed% *}" != "${last:-}" ] &&
		   ! grep -q "NDRV-RESULT: PASS" "$log"; then
			# Armed, never judged: the VM died with this fault.
			what=$(grep -a -m 1 "mutate: armed: .*seed $((SEED * 1000000 + ${armed% *}))" "$log" |
			       sed 's/^.*mutate: armed: //' | tr -d '\r')
			printf '%s\t%s\t%s\t%s\tcrash\t%s\t%s\n' "$target" "$SEED" \
				"${armed% *}" "${armed#* }" "${what:-?}" \
				"$(crash_reason "$log")" >>"$TSV"
			i=$((${armed% *} + 1))
		elif [ -n "$last" ]; then
			i=$((last + 1))
		else
			die "the boot judged no fault: see $log and $log.run"
		fi
	done
done
summary
