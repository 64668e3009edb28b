#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# judge-test.sh - unit tests of the suite's verdicts: judge.sh against
# canned console logs, and ktest/run.sh's counting with a stub in place
# of QEMU. A harness that passes what it should fail makes every other
# result worthless, so the judge is tested like the kernel code is.
# Prints one PASS/FAIL line per case and "N passed, N failed, N skipped".
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

KTEST=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=ktest/lib/judge.sh
. "$KTEST/lib/judge.sh"

if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
	cat <<EOF
Usage: ktest/lib/judge-test.sh

Checks ktest/lib/judge.sh on canned console logs (a control must not pass
on a boot-time WARNING, a missing verdict fails, a skip is a skip, ...)
and ktest/run.sh's counting through a stub boot (NDRV_BOOT): a selection
of no run fails, skips are counted as skipped, CI mode fails budget and
tool skips. Needs no kernel and no QEMU; takes a few seconds.
EOF
	exit 0
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

check() {
	local name=$1 want=$2 got=$3

	# shellcheck disable=SC2053
	if [[ $got == $want ]]; then
		echo "PASS judge:$name"
		pass=$((pass + 1))
	else
		echo "FAIL judge:$name: expected '$want', got '$got'"
		fail=$((fail + 1))
	fi
}

# A console log: the boot, then what the arguments add ("k:" lines are
# kernel messages and get a timestamp; others are written as they are).
mklog() {
	local f=$TMP/$1 t=1 line

	shift
	{
		echo "[    0.000000] Linux version 6.12.117 (ndriver test)"
		echo "NDRV-READY: 6.12.117 cpus=1 tests=t env=none"
		echo "NDRV-BEGIN: t"
		for line in "$@"; do
			if [[ $line == k:* ]]; then
				printf '[ %4d.000000] %s\n' $t "${line#k:}"
				t=$((t + 1))
			else
				echo "$line"
			fi
		done
	} >"$f"
	echo "$f"
}

OOPS=("k:BUG: kernel NULL pointer dereference, address: 0000000000000000"
      "k:RIP: 0010:ndrv_inject_null+0x7/0xa"
      "k:Call Trace:"
      "k: e1000_xmit_frame+0x1fc/0xc9b [e1000]")
ARMED="k:ndrv-test: armed e1000: null at xmit of 0000:00:03.0"

judge_cases() {
	local log

	log=$(mklog pass.log "k:e1000 0000:00:03.0 eth0: link up" \
		"NDRV-RESULT: PASS t: fine" "NDRV-END: t")
	check pass "PASS fine" "$(judge_log "$log" t 0)"

	log=$(mklog noverdict.log "k:something" "NDRV-END: t")
	check no-verdict "FAIL no verdict*" "$(judge_log "$log" t 0)"

	log=$(mklog noend.log "NDRV-RESULT: PASS t: fine")
	check no-end "FAIL the scenario did not finish*" "$(judge_log "$log" t 0)"

	log=$(mklog skip.log "NDRV-RESULT: SKIP t: no tool" "NDRV-END: t")
	check skip "SKIP no tool" "$(judge_log "$log" t 0)"

	# A kernel report anywhere fails a run that said PASS: name|line|want.
	while IFS='|' read -r name line want; do
		log=$(mklog "$name.log" "k:$line" "NDRV-RESULT: PASS t: fine" "NDRV-END: t")
		check "$name" "$want" "$(judge_log "$log" t 0)"
	done <<'EOF'
warning-fails-pass|WARNING: CPU: 0 PID: 1 at kernel/x.c:1 f+0x1/0x2|FAIL crash: WARNING: CPU*
lockdep-report-fails|WARNING: possible circular locking dependency detected|FAIL crash: WARNING: possible*
kasan-report-fails|BUG: KASAN: slab-use-after-free in ndrv_x+0x1/0x2|FAIL crash: BUG: KASAN*
hard-lockup-fails|NMI watchdog: Watchdog detected hard LOCKUP on cpu 1|FAIL crash:*hard LOCKUP*
EOF

	log=$(mklog hung.log "NDRV-RESULT: PASS t: fine")
	check timeout-is-hang "FAIL hang:*" "$(judge_log "$log" t 124)"

	# A driver nDriver stopped where nothing was armed: a false stall
	# or hang fails a run that said PASS; one after arming is the test's.
	STOP="k:ndriver: 0000:00:03.0: e1000#1: stall: Tx queue 0 made no progress for 112000 us (seen in xmit); driver instance stopped"
	log=$(mklog unarmed.log "$STOP" "NDRV-RESULT: PASS t: fine" "NDRV-END: t")
	check unarmed-stop-fails "FAIL a driver was stopped where no fault was armed: ndriver: 0000:00:03.0: e1000#1: stall*" \
		"$(judge_log "$log" t 0)"
	log=$(mklog early-stop.log "$STOP" "$ARMED" "NDRV-RESULT: PASS t: fine" "NDRV-END: t")
	check stop-before-arming-fails "FAIL a driver was stopped where no fault was armed*" \
		"$(judge_log "$log" t 0)"
	log=$(mklog armed-stop.log "$ARMED" "$STOP" "NDRV-RESULT: PASS t: fine" "NDRV-END: t")
	check stop-after-arming-passes "PASS fine" "$(judge_log "$log" t 0)"
	log=$(mklog kunit-stop.log "k:ndriver: -: test#3: NULL pointer access (address 0x0) at ndrv_test_clobber_and_fault+0x32/0x39 in xmit on CPU 0; driver instance stopped" \
		"NDRV-RESULT: PASS t: fine" "NDRV-END: t")
	check kunit-instance-stop-passes "PASS fine" "$(judge_log "$log" t 0)"

	# Controls.
	log=$(mklog ctl-ok.log "$ARMED" "${OOPS[@]}")
	check control-crash-after-arming "PASS control:*" \
		"$(apply_expect crash "$(judge_log "$log" t 0)" "$log")"

	# A control that names the report it expects: the oops must show it.
	check control-crash-shows-report "PASS control:*" \
		"$(apply_expect crash "$(judge_log "$log" t 0)" "$log" 'NULL pointer dereference')"
	check control-crash-other-report "FAIL control:*does not show 'list_del corruption'*" \
		"$(apply_expect crash "$(judge_log "$log" t 0)" "$log" 'list_del corruption')"

	log=$(mklog ctl-bootwarn.log "k:WARNING: CPU: 0 PID: 1 at kernel/x.c:1 f+0x1/0x2" \
		"NDRV-RESULT: PASS t: fine" "NDRV-END: t")
	check control-boot-warning-alone "FAIL control:*never armed*" \
		"$(apply_expect crash "$(judge_log "$log" t 0)" "$log")"

	log=$(mklog ctl-early.log "k:WARNING: CPU: 0 PID: 1 at kernel/x.c:1 f+0x1/0x2" \
		"$ARMED" "${OOPS[@]}")
	check control-crash-before-arming "FAIL control:*before the fault was armed*" \
		"$(apply_expect crash "$(judge_log "$log" t 0)" "$log")"

	log=$(mklog ctl-other.log "$ARMED" \
		"k:BUG: kernel NULL pointer dereference, address: 0000000000000008" \
		"k:RIP: 0010:some_other_function+0x7/0xa" "k:Call Trace:" \
		"k: other_driver_fn+0x1/0x2 [8139cp]")
	check control-crash-elsewhere "FAIL control:*does not name e1000*" \
		"$(apply_expect crash "$(judge_log "$log" t 0)" "$log")"

	log=$(mklog ctl-slow.log "$ARMED")
	check control-slow-boot-is-no-crash "FAIL control: expected*crash*" \
		"$(apply_expect crash "$(judge_log "$log" t 124)" "$log")"

	log=$(mklog ctl-hang.log "$ARMED" \
		"ndrv-host: hang: vCPU 0 at ffffffff810a4494 (ndrv_inject_loop_irqoff+0x11)")
	check control-hang-after-arming "PASS control:*" \
		"$(apply_expect hang "$(judge_log "$log" t 124)" "$log")"

	log=$(mklog ctl-slowboot.log "ndrv-host: hang: vCPU 0 at ffffffff81000000 (default_idle+0x1)")
	check control-hang-before-arming "FAIL control:*never armed*" \
		"$(apply_expect hang "$(judge_log "$log" t 124)" "$log")"
}

# run.sh through a stub boot: the stub writes the console log of
# $STUB/<scenario>.log (or of <scenario>.log.<boot>) and exits with the
# number in <scenario>.rc.
run_cases() {
	local obj=$TMP/obj res=$TMP/res out rc

	mkdir -p "$obj/arch/x86/boot" "$res" "$TMP/stub"
	: >"$obj/arch/x86/boot/bzImage"
	: >"$res/initramfs.cpio.gz"
	cat >"$TMP/boot.sh" <<'EOF'
#!/usr/bin/env bash
log= name=
while [ $# -gt 0 ]; do
	case $1 in
	--log) log=$2; shift ;;
	--append) name=$(echo "$2" | sed -n 's/.*ndrv.test=\([^ ]*\).*/\1/p'); shift ;;
	esac
	shift
done
n=1
[ ! -f "$log.boots" ] || n=$(($(cat "$log.boots") + 1))
echo $n >"$log.boots"
src=$STUB/$name.log
[ ! -f "$src.$n" ] || src=$src.$n
cp "$src" "$log"
exit "$(cat "$STUB/$name.rc" 2>/dev/null || echo 0)"
EOF
	chmod +x "$TMP/boot.sh"
	runsh() {
		rc=0
		out=$(STUB=$TMP/stub NDRV_BOOT=$TMP/boot.sh CI='' "$KTEST/run.sh" \
			--obj "$obj" --results "$res" --reuse-initrd "$@" 2>&1) || rc=$?
		rm -f "$res"/logs/*.boots
	}
	stub() {
		printf '%s\n' "[    0.000000] Linux" "NDRV-READY: x" "NDRV-BEGIN: $1" \
			"NDRV-RESULT: $2 $1: $3" "NDRV-END: $1" >"$TMP/stub/$1.log${4:+.$4}"
	}

	stub control-oops PASS "survived"
	runsh --only control-oops
	check run-control-that-survives-fails "1:*0 passed, 1 failed, 0 skipped" "$rc:$(echo "$out" | tail -n1)"

	stub nbd PASS "fine"
	runsh --only nbd --smp 1
	check run-pass-counted "0:*1 passed, 0 failed, 0 skipped" "$rc:$(echo "$out" | tail -n1)"

	runsh --only nbd --id no-such-run
	check run-no-match-fails "1:*matches no run*" "$rc:$out"
	runsh --only nbd --smp 3
	check run-smp-no-match-fails "1:*matches no run*" "$rc:$out"
	runsh --only nbd --matrix NIC=e1000
	check run-matrix-key-no-match-fails "1:*no selected scenario has a matrix dimension NIC*" "$rc:$out"

	stub nbd SKIP "'nbd-server' is not in the initramfs"
	runsh --only nbd --smp 1
	check run-skip-counted "0:*0 passed, 0 failed, 1 skipped" "$rc:$(echo "$out" | tail -n1)"
	runsh --only nbd --smp 1 --ci
	check run-ci-tool-skip-fails "1:*0 passed, 1 failed, 0 skipped" "$rc:$(echo "$out" | tail -n1)"

	stub nbd SKIP "environment: unfit" 1
	stub nbd SKIP "environment: unfit" 2
	runsh --only nbd --smp 1 --ci
	check run-ci-unfit-twice-skipped "0:*0 passed, 0 failed, 1 skipped" "$rc:$(echo "$out" | tail -n1)"
	stub nbd PASS "fine" 2
	runsh --only nbd --smp 1 --ci
	check run-unfit-once-booted-again "0:*1 passed, 0 failed, 0 skipped" "$rc:$(echo "$out" | tail -n1)"
	rm -f "$TMP"/stub/nbd.log.*

	stub nbd PASS "fine"
	runsh --only nbd --smp 1 --budget 0
	check run-budget-skip-counted "0:*0 passed, 0 failed, 1 skipped" "$rc:$(echo "$out" | tail -n1)"
	runsh --only nbd --smp 1 --budget 0 --ci
	check run-ci-budget-skip-fails "1:*0 passed, 1 failed, 0 skipped" "$rc:$(echo "$out" | tail -n1)"
	slice_cases
}

# Sampling: over K successive slices a scenario with '# slices: K' runs
# each of its runs exactly once, and over G slices each of the G members
# of a rotation group takes its turn (the runs of the real scenarios, as
# --runs lists them; nothing is booted).
slice_cases() {
	local s k n all got g members turns

	for s in guard-net recover-tcp; do
		k=$(sed -n 's/^# slices: *//p' "$KTEST/scenarios/$s.sh")
		all=$("$KTEST/run.sh" --runs --only "$s" | awk '{print $1}' | sort)
		got=$(for n in $(seq 1 "$k"); do
			"$KTEST/run.sh" --runs --only "$s" --slice $((200 + n)) | awk '{print $1}'
		done | sort)
		check "slices-$s-cover-once" "$all" "$got"
	done
	members=$(grep -l '^# rotate: bench' "$KTEST"/scenarios/*.sh | xargs -n1 basename | sed 's/\.sh$//' | sort)
	g=$(echo "$members" | wc -l)
	turns=$(for n in $(seq 1 "$g"); do
		"$KTEST/run.sh" --runs --only 'bench-*' --slice $((300 + n)) | awk '{print $1}' | cut -d/ -f1 | sort -u
	done | sort)
	check slices-bench-take-turns "$members" "$turns"
}

judge_cases
run_cases
echo "$pass passed, $fail failed, 0 skipped"
[ $fail -eq 0 ]
