# SPDX-License-Identifier: GPL-2.0
# desc: benchmark (not a test of speed): ns per guarded call vs a plain indirect call, per packet for the action list (one add and one delete), and a virtual vs a real irqsave/irqrestore pair, same boot
# nics:
# smp: 1
# timeout: 120
# rotate: bench
# expect: pass
# exclusive: yes

ndrv_need_fine_clock
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
# Virtual interrupt disabling (CONFIG_NDRIVER_VIRQ): a guarded driver's
# local_irq_save()/restore() pair against the real one.
real=$(sed -n 's/^irq_pair_ns //p' /tmp/bench)
virt=$(sed -n 's/^virq_pair_ns //p' /tmp/bench)
if [ -n "$virt" ]; then
	ndrv_metric guard-irq_pair_ns "$real" ns/pair
	ndrv_metric guard-virq_pair_ns "$virt" ns/pair
	ndrv_metric guard-virq-ratio "$(awk -v v="$virt" -v r="$real" 'BEGIN { printf "%.2f", v / r }')" virtual/real
fi
ndrv_pass "guard cost measured"
