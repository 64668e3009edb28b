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
rx0=$(ndrv_dev_counter dut "$DUT_IF" 3)
! ndrv_in dut ping -c 5 -i 0.5 -W 1 "$NDRV_PEER_ADDR" >/dev/null ||
	ndrv_fail "a ping got through the deaf driver: the injection did not work"
sleep 3
rx1=$(ndrv_dev_counter dut "$DUT_IF" 3)
[ "$rx1" -gt "$rx0" ] ||
	ndrv_fail "the deaf driver counted no received frame ($rx0 -> $rx1 packets): it is not receiving at all"
! dmesg | grep -q 'unverified\| verified: ' ||
	ndrv_fail "the next driver was checked with ndriver.verify_ms=0: $(dmesg | grep 'verified' | head -n 1)"
[ "$(ndrv_recovery_stat "$DUT_PCI" recoveries)" = 1 ] ||
	ndrv_fail "more than the planned swap happened: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
ndrv_pass "control: with the check off the deaf $(ndrv_pci_driver "$DUT_PCI") stays: it counted $((rx1 - rx0)) frames received and no ping got through"
