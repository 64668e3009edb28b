# SPDX-License-Identifier: GPL-2.0
# desc: control for recover-tcp: the same mid-transfer fault with nDriver guarding nothing oopses, and the harness must report the run as failed
# nics: rtl8139,e1000,vmxnet3
# matrix: NIC=e1000,vmxnet3 TYPE=null ENTRY=xmit
# smp: 2
# timeout: 300
# expect: crash
# append: ndriver.guard=

ndrv_net_pair "$NIC"
ndrv_tcp_start 100
ndrv_inject "$DUT_PCI" "$TYPE" "$ENTRY"
ndrv_tcp_finish "$NIC-$TYPE-$ENTRY"
ndrv_pass "the transfer survived an unguarded $TYPE fault at $ENTRY: the injector did not fire"
