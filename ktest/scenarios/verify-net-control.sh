# SPDX-License-Identifier: GPL-2.0
# desc: control for verify-net: the same deaf next driver with the check off (ndriver.verify_ms=0, and the receive watch, which would see it too: ndriver.rx_stall_ms=0): the planned swap "succeeds", the driver counts the frames it receives and drops them, and no ping gets through for good
# nics: rtl8139,e1000
# matrix: NIC=e1000
# smp: 2
# timeout: 300
# expect: pass
# append: ndriver.verify_ms=0 ndriver.rx_stall_ms=0

ndrv_net_pair "$NIC"
ndrv_in dut ping -c 2 -i 0.2 -W 1 "$NDRV_PEER_ADDR" >/dev/null ||
	ndrv_fail "the peer does not answer a ping before the swap"
ndrv_inject "$DUT_PCI" deaf next
echo swap >"$NDRV_DEBUGFS/$DUT_PCI/swap" ||
	ndrv_fail "cannot write swap for $DUT_PCI"
ndrv_wait_recoveries "$DUT_PCI" 1 60 ||
	ndrv_fail "the planned swap failed: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
sleep 2
ndrv_deaf_check
! dmesg | grep -q 'unverified\| verified: ' ||
	ndrv_fail "the next driver was checked with ndriver.verify_ms=0: $(dmesg | grep 'verified' | head -n 1)"
[ "$(ndrv_recovery_stat "$DUT_PCI" recoveries)" = 1 ] ||
	ndrv_fail "more than the planned swap happened: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
ndrv_pass "control: with the check off the deaf $(ndrv_pci_driver "$DUT_PCI") stays: it counted $DEAF_FRAMES frames received and no ping got through"
