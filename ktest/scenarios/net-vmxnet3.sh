# SPDX-License-Identifier: GPL-2.0
# desc: vmxnet3, a multi-queue NIC, under nDriver: one Tx and one Rx queue per vCPU on MSI-X vectors of their own; 50 MB of TCP each way to an e1000 peer arrive md5-identical
# nics: vmxnet3,e1000
# smp: 2
# timeout: 300
# expect: pass
# append: ndriver.hang_floor_ms=500

ndrv_net_pair vmxnet3
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "vmxnet3 is not guarded (no live instance in $NDRV_DEBUGFS/$DUT_PCI/state)"
txq=$(ndrv_in dut unshare -m sh -c "mkdir -p /tmp/sys-dut &&
	mount -t sysfs sysfs /tmp/sys-dut &&
	ls -d /tmp/sys-dut/class/net/$DUT_IF/queues/tx-*" | wc -l)
vecs=$(grep -c "$DUT_IF-" /proc/interrupts)
ndrv_log "$DUT_IF: $txq Tx queues, $vecs MSI-X vectors"
[ "$txq" -ge 2 ] && [ "$vecs" -ge 3 ] ||
	ndrv_fail "vmxnet3 is not multi-queue here ($txq Tx queues, $vecs vectors named $DUT_IF-*): no MSI-X (CONFIG_PCI_MSI) or one vCPU?"
sum=$(ndrv_make_data /tmp/data 50)
ndrv_check_transfer dut-to-peer dut peer "$NDRV_PEER_ADDR" /tmp/data "$sum" 5001
ndrv_check_transfer peer-to-dut peer dut "$NDRV_DUT_ADDR" /tmp/data "$sum" 5002
ndrv_pass "vmxnet3: $txq Tx queues, $vecs MSI-X vectors; 50 MB each way md5-identical"
