# SPDX-License-Identifier: GPL-2.0
# desc: admin swaps, each after a pause that sweeps 0 to 0.54 s, while the DUT floods UDP: a resume that wakes the queues of a driver the next swap has already stopped must not give it packets while its undo hands back the ones it held; nothing oopses, every swap recovers, the interface carries traffic afterwards
# nics: rtl8139,e1000
# matrix: NIC=8139too,e1000
# smp: 2
# timeout: 400
# expect: pass
# append: ndriver.hang_floor_ms=500
#
# The floor of the hang timeout is raised for this run only, as in
# swap-admin: with 4 VMs on 2 host cores, a healthy poll of the guarded
# slices: 2
# e1000 has run 147 ms on a starved vCPU and been broken as a hang, one
# recovery more than the swaps. What this test checks - one recovery per
# swap, no skb both re-issued and requeued - does not depend on the
# floor.
#
# A new driver is resumed (its queues woken, what its predecessor left
# unsent re-issued) when its link comes up, about 0.5 s after its open
# on e1000, or when the carrier hold that follows a swap ends (3 s after
# it; each swap cancels the pending end of the hold the swap before it
# set, so only link-up resumes are left to come late). The pauses, short
# and long, make some of those resumes run while the next swap has
# already stopped the driver and is undoing it. Before the fix, the
# woken queues then handed the stopped driver skbs while its undo was
# giving back the ones it held: an skb could end up both in the re-issue
# queue and requeued in the qdisc, and a later re-issue oopsed in
# skb_dequeue() (swap-config with e1000). The window is a few tens of ms
# per swap: on the kernel before the fix, 2 of 4 runs of this failed
# (that oops, or an RCU stall in sch_direct_xmit() on the qdisc's list).

swaps=${SWAPS:-120}
ndrv_need_cmd /ndrv/bin/udpflood
# e1000's largest rings make its undo longer (8,000 actions, not 500),
# so that more resumes land in it; each instance gets them from the
# kept module parameters.
[ "$NIC" = e1000 ] && ndrv_modprobe e1000 RxDescriptors=4096 TxDescriptors=4096
ndrv_net_pair "$NIC"
swap="$NDRV_DEBUGFS/$DUT_PCI/swap"
[ -w "$swap" ] || ndrv_fail "no $swap: is $NIC guarded?"

r0=$(ndrv_recovery_stat "$DUT_PCI" recoveries)
resumed0=$(dmesg | grep -c "$DUT_PCI: $DUT_IF (ifindex [0-9]*) taken over")
ndrv_in dut /ndrv/bin/udpflood "$NDRV_PEER_ADDR" 9 600 64 >/tmp/flood 2>&1 &
flood=$!
i=0
while [ $i -lt "$swaps" ]; do
	sleep "0.$(printf %03d $((i % 10 * 60)))"
	echo swap >"$swap" || {
		kill $flood 2>/dev/null
		ndrv_fail "swap $i failed: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
	}
	i=$((i + 1))
done
kill -0 $flood 2>/dev/null ||
	ndrv_fail "the UDP flood stopped before the swaps did: $(cat /tmp/flood)"
kill $flood 2>/dev/null || true
wait $flood 2>/dev/null || true
n=$(ndrv_recovery_stat "$DUT_PCI" recoveries)
[ "$n" -eq $((r0 + swaps)) ] || ndrv_fail "$((n - r0)) recoveries after $swaps swaps"
[ "$(ndrv_state "$DUT_PCI")" = live ] || ndrv_fail "no live driver after $swaps swaps"
ndrv_net_rejoin
resumed=$(($(dmesg | grep -c "$DUT_PCI: $DUT_IF (ifindex [0-9]*) taken over") - resumed0))
reissued=$(dmesg | sed -n "s/.*$DUT_PCI: $DUT_IF (ifindex [0-9]*) taken over;.* \([0-9]*\) packets re-issued.*/\1/p" |
	awk '{ n += $1 } END { print n + 0 }')
# Without resumes, no swap met a woken queue: the run proved nothing.
[ "$resumed" -gt 0 ] || ndrv_fail "no driver was resumed during the $swaps swaps: the sweep missed the link-up of every driver"
ndrv_metric resumes $resumed resumes
ndrv_metric reissued "$reissued" packets
ndrv_pass "$swaps swaps of $NIC under a UDP flood, $resumed of the drivers resumed while it ran, $reissued packets re-issued; nothing lost its place in a queue"
