# SPDX-License-Identifier: GPL-2.0
# desc: control for guard-net: the same fault with nDriver guarding nothing oopses, and the harness must report the run as failed
# nics: rtl8139,e1000
# matrix: NIC=8139cp,e1000 TYPE=null,divide,bug,gp ENTRY=xmit,irq,poll,open,ethtool
# smp: 1
# timeout: 120
# expect: crash
# append: ndriver.guard=

ndrv_need_cmd ethtool
ndrv_net_pair "$NIC"
ndrv_inject "$DUT_PCI" "$TYPE" "$ENTRY"
ndrv_net_trigger "$ENTRY"
sleep 2
ndrv_pass "no oops after a $TYPE fault at $ENTRY of unguarded $NIC"
