# SPDX-License-Identifier: GPL-2.0
# desc: control for guard-net: the same fault with nDriver guarding nothing oopses, and the harness must report the run as failed; every entry of both NICs once, the exception type rotating so that each NIC meets all four (--set TYPE=... for one type everywhere)
# nics: rtl8139,e1000
# matrix: NIC=8139cp,e1000 ENTRY=xmit,irq,poll,open,ethtool
# smp: 1
# timeout: 120
# expect: crash
# append: ndriver.guard=
# slices: 5

ndrv_need_cmd ethtool
# One boot per entry and NIC, not per type as well: guard-net's runs
# already show that each type fires at each entry (they count the
# contained fault); what a control adds is that the fault is fatal
# without nDriver, and the four types reach the same oops path. The
# rotation gives each NIC all four types, and 30 fewer boots in CI.
if [ -z "${TYPE:-}" ]; then
	set -- null divide bug gp
	i=0
	for e in xmit irq poll open ethtool; do
		[ "$e" = "$ENTRY" ] && break
		i=$((i + 1))
	done
	[ "$NIC" = e1000 ] && i=$((i + 2))
	shift $((i % 4))
	TYPE=$1
fi
ndrv_net_pair "$NIC"
ndrv_inject "$DUT_PCI" "$TYPE" "$ENTRY"
ndrv_net_trigger "$ENTRY"
sleep 2
ndrv_pass "no oops after a $TYPE fault at $ENTRY of unguarded $NIC"
