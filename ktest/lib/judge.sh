# SPDX-License-Identifier: GPL-2.0
#
# judge.sh - turn a test VM's console log into a verdict. Sourced by
# ktest/run.sh and by ktest/ktest-test.sh (the TEST of ktest.pl), so both
# judge runs the same way.

# Kernel messages that mean the kernel is in trouble. Only lines with a
# printk timestamp are kernel output; guest scripts print without one.
CRASH_RE='^\[ *[0-9]+\.[0-9]+\] .*(Oops|BUG:|kernel BUG at|Kernel panic|Call Trace:|general protection fault|divide error:|invalid opcode:|WARNING: CPU:|watchdog: BUG: soft lockup|hung_task|INFO: task .* blocked|rcu: INFO: rcu_.* stall)'

# Decide the raw outcome of one console log: prints "PASS|FAIL|SKIP reason".
judge_log() {
	local log=$1 name=$2 rc=$3 crash result

	crash=$(grep -aEm1 "$CRASH_RE" "$log" || true)
	result=$(grep -aE "^NDRV-RESULT: (PASS|FAIL|SKIP) $name:" "$log" | tr -d '\r' || true)
	if [ -n "$crash" ]; then
		echo "FAIL crash: $(echo "$crash" | sed 's/^\[ *[0-9.]*\] //' | cut -c1-120)"
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
		sed -n "$((first > 10 ? first - 10 : 1)),$((first + 50))p" "$log"
	else
		tail -n 25 "$log"
	fi | tr -d '\r' | cut -c1-200 | sed 's/^/    | /'
}

# Controls turn the raw outcome around: they must fail in the expected way.
apply_expect() {
	local expect=$1 outcome=$2 verdict reason

	verdict=${outcome%% *}
	reason=${outcome#* }
	case $expect in
	crash)
		if [[ $verdict == FAIL && $reason == crash:* ]]; then
			echo "PASS control: the harness reported the run as failed ($reason)"
		else
			echo "FAIL control: expected the harness to see a crash, got $verdict ($reason)"
		fi ;;
	hang)
		if [[ $verdict == FAIL && $reason == hang:* ]]; then
			echo "PASS control: the harness reported the run as failed ($reason)"
		else
			echo "FAIL control: expected a hang, got $verdict ($reason)"
		fi ;;
	*)
		echo "$outcome" ;;
	esac
}
