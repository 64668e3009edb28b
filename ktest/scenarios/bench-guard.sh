# SPDX-License-Identifier: GPL-2.0
# desc: benchmark (not a test of speed): ns per guarded call vs a plain indirect call, and per packet for the action list (one add and one delete), same boot
# nics:
# smp: 1
# timeout: 120
# expect: pass
# exclusive: yes

[ -r "$NDRV_DEBUGFS/bench" ] ||
	ndrv_skip "no $NDRV_DEBUGFS/bench (CONFIG_NDRIVER_INJECT)"
cat "$NDRV_DEBUGFS/bench" >/tmp/bench || ndrv_fail "reading the benchmark failed"
cat /tmp/bench
for k in direct_ns guarded_ns guarded_sleepable_ns overhead_ns action_pair_ns; do
	v=$(sed -n "s/^$k //p" /tmp/bench)
	[ -n "$v" ] || ndrv_fail "no $k in the benchmark output"
	unit=ns/call
	[ $k != action_pair_ns ] || unit=ns/packet
	ndrv_metric "guard-$k" "$v" $unit
done
ndrv_pass "guard cost measured"
