# SPDX-License-Identifier: GPL-2.0
# desc: control for hang-net: the same spin with interrupts off, with nDriver guarding nothing, hangs the VM; the harness must report it at the time limit
# nics: rtl8139,e1000
# matrix: NIC=e1000 TYPE=loop-irqoff ENTRY=xmit
# smp: 1
# timeout: 60
# expect: hang
# append: ndriver.guard=

ndrv_net_pair "$NIC"
ndrv_inject "$DUT_PCI" "$TYPE" "$ENTRY"
ndrv_net_trigger "$ENTRY"
sleep 2
ndrv_pass "the VM survived a $TYPE at $ENTRY of unguarded $NIC"
