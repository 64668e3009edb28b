# SPDX-License-Identifier: GPL-2.0
#
# judge.sh - turn a test VM's console log into a verdict. Sourced by
# ktest/run.sh and by ktest/ktest-test.sh (the TEST of ktest.pl), so both
# judge runs the same way.

# Kernel messages that mean the kernel is in trouble: oopses, BUG()s and
# sanitizer reports ("BUG: KASAN: ..."), warnings (lockdep's and
# PROVE_RCU's reports begin with "WARNING: "), lockup, hung-task and RCU
# stall reports, debug-objects and list-corruption checks. Only lines with
# a printk timestamp are kernel output; guest scripts print without one.
CRASH_RE='^\[ *[0-9]+\.[0-9]+\] .*(Oops|BUG:|kernel BUG at|Kernel panic|Call Trace:|general protection fault|divide error:|invalid opcode:|WARNING: |watchdog: BUG: soft lockup|hard LOCKUP|hung_task|INFO: task .* blocked|rcu: INFO: rcu_.* stall|ODEBUG: |list_(add|del) corruption)'

# nDriver's line for a contained fault or stall (contain.c). The KUnit
# suites' own instances ("-: test#N:", no device, no module) fault on
# purpose at boot: KUNIT_RE leaves them out.
STOPPED_RE='^\[ *[0-9]+\.[0-9]+\] ndriver: .*; driver instance stopped'
KUNIT_RE='ndriver: -: test#[0-9]+: '

# A driver stopped before the scenario armed any fault (ndrv_armed), or
# in a scenario that arms none: a false positive of nDriver's detectors
# (a hang or a stall nobody made). Prints that line, or nothing.
unarmed_stop() {
	local log=$1 armed stopped

	stopped=$(grep -anE "$STOPPED_RE" "$log" | grep -vEm1 "$KUNIT_RE" || true)
	[ -n "$stopped" ] || return 0
	armed=$(grep -anEm1 "$ARMED_RE" "$log" | cut -d: -f1 || true)
	if [ -z "$armed" ] || [ "${stopped%%:*}" -lt "$armed" ]; then
		echo "${stopped#*:}" | tr -d '\r' | sed 's/^\[ *[0-9.]*\] //' | cut -c1-140
	fi
}

# Decide the raw outcome of one console log: prints "PASS|FAIL|SKIP reason".
judge_log() {
	local log=$1 name=$2 rc=$3 crash result unarmed

	crash=$(grep -aEm1 "$CRASH_RE" "$log" || true)
	result=$(grep -aE "^NDRV-RESULT: (PASS|FAIL|SKIP) $name:" "$log" | tr -d '\r' || true)
	unarmed=$(unarmed_stop "$log")
	if [ -n "$crash" ]; then
		echo "FAIL crash: $(echo "$crash" | sed 's/^\[ *[0-9.]*\] //' | cut -c1-120)"
	elif [ -n "$unarmed" ]; then
		echo "FAIL a driver was stopped where no fault was armed: $unarmed"
	elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "FAIL hang: no shutdown within the time limit (QEMU killed)"
	elif echo "$result" | grep -q '^NDRV-RESULT: FAIL'; then
		echo "FAIL $(echo "$result" | grep -m1 '^NDRV-RESULT: FAIL' | cut -d' ' -f4-)"
	elif ! grep -aq "^NDRV-END: $name" "$log"; then
		echo "FAIL the scenario did not finish (QEMU exit $rc)"
	elif echo "$result" | grep -q '^NDRV-RESULT: SKIP'; then
		echo "SKIP $(echo "$result" | grep -m1 '^NDRV-RESULT: SKIP' | cut -d' ' -f4-)"
	elif echo "$result" | grep -q '^NDRV-RESULT: PASS'; then
		echo "PASS $(echo "$result" | grep -m1 '^NDRV-RESULT: PASS' | cut -d' ' -f4-)"
	else
		echo "FAIL no verdict on the console (QEMU exit $rc)"
	fi
}

# What to show of a failed run's console, so that a CI log alone says
# what went wrong: the kernel's report from a little before its first
# crash line, or the end of the console if the kernel did not complain.
log_excerpt() {
	local log=$1 first

	[ -f "$log" ] || return 0
	first=$(grep -anEm1 "$CRASH_RE" "$log" | cut -d: -f1 || true)
	if [ -n "$first" ]; then
		sed -n "$((first > 5 ? first - 5 : 1)),$((first + 30))p" "$log"
	else
		tail -n 20 "$log"
	fi | tr -d '\r' | cut -c1-200 | sed 's/^/    | /'
}

# The kernel log line a scenario writes before it arms a fault
# (ndrv_armed in ktest/guest/lib.sh): "ndrv-test: armed DRIVER: what".
ARMED_RE='^\[ *[0-9]+\.[0-9]+\] ndrv-test: armed [^ :]+: '

# Why console log $1 does not show the fault of a control at work, or
# nothing if it does. The first crash line (or, for a hang, the host's
# "ndrv-host: hang:" lines) must come after the scenario armed its fault,
# and the report must name the armed driver (a frame of its module, or
# the injector's faulting function, which stands in for the driver's
# code; or the function named, for a bug planted in nDriver itself). A
# scenario's '# crash: REGEX' ($3) narrows what the report must show: the
# kernel's own report of the check it expects to fire. A WARNING at boot,
# a crash of something else, or a boot too slow for the time limit does
# not prove the point of a control.
control_cause() {
	local log=$1 kind=$2 want=${3:-} armed arm_line drv first report

	armed=$(grep -anEm1 "$ARMED_RE" "$log" | tr -d '\r' || true)
	if [ -z "$armed" ]; then
		echo "the scenario never armed its fault (no 'ndrv-test: armed' line)"
		return
	fi
	arm_line=${armed%%:*}
	drv=$(echo "$armed" | sed -E 's/.*ndrv-test: armed ([^ :]+): .*/\1/')
	first=$(grep -anEm1 "$CRASH_RE" "$log" | cut -d: -f1 || true)
	if [ -n "$first" ] && [ "$first" -lt "$arm_line" ]; then
		echo "the first crash line (console line $first) came before the fault was armed (line $arm_line)"
		return
	fi
	if [ "$kind" = crash ]; then
		report=$(sed -n "$first,$((first + 80))p" "$log")
	else
		report=$(grep -a '^ndrv-host: hang: ' "$log" || true)
	fi
	if ! echo "$report" | grep -qE "\[$drv\]|[ (]$drv[+.]|ndrv_inject_|lkdtm_"; then
		echo "the report does not name $drv (no frame of [$drv], $drv() or the injector)"
	elif [ -n "$want" ] && ! echo "$report" | grep -qE "$want"; then
		echo "the report does not show '$want'"
	fi
}

# Controls turn the raw outcome around: they must fail in the expected
# way, because of the fault they armed. $3 is the console log, $4 the
# scenario's '# crash:' pattern, if it has one.
apply_expect() {
	local expect=$1 outcome=$2 log=$3 want=${4:-} verdict reason cause

	verdict=${outcome%% *}
	reason=${outcome#* }
	case $expect in
	crash|hang)
		if [[ $verdict != FAIL || $reason != $expect:* ]]; then
			echo "FAIL control: expected the harness to see a $expect, got $verdict ($reason)"
			return
		fi
		cause=$(control_cause "$log" "$expect" "$want")
		if [ -n "$cause" ]; then
			echo "FAIL control: $reason, but $cause"
		else
			echo "PASS control: the harness reported the run as failed ($reason)"
		fi ;;
	*)
		echo "$outcome" ;;
	esac
}
