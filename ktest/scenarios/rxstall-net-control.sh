# SPDX-License-Identifier: GPL-2.0
# desc: control for rxstall-net: the same deaf driver with the receive watch off (ndriver.rx_stall_ms=0) stays: it counts the frames it receives, hands none up, no ping gets through for good, and nothing in the kernel notices
# nics: rtl8139,e1000
# matrix: NIC=e1000
# smp: 2
# timeout: 300
# expect: pass
# append: ndriver.rx_stall_ms=0

ndrv_net_pair "$NIC"
ndrv_in dut ping -c 2 -i 0.2 -W 1 "$NDRV_PEER_ADDR" >/dev/null ||
	ndrv_fail "the peer does not answer a ping before the fault"
ndrv_inject "$DUT_PCI" deaf poll
rx0=$(ndrv_dev_counter dut "$DUT_IF" 3)
! ndrv_in dut ping -c 5 -i 0.5 -W 1 "$NDRV_PEER_ADDR" >/dev/null ||
	ndrv_fail "a ping got through the deaf driver: the injection did not work"
sleep 3
rx1=$(ndrv_dev_counter dut "$DUT_IF" 3)
[ "$rx1" -gt "$rx0" ] ||
	ndrv_fail "the deaf driver counted no received frame ($rx0 -> $rx1 packets): it is not receiving at all"
! dmesg | grep -q 'none was handed to the stack' ||
	ndrv_fail "a receive stall was reported with ndriver.rx_stall_ms=0: $(dmesg | grep 'none was handed' | head -n 1)"
[ "$(ndrv_recovery_stat "$DUT_PCI" recoveries)" = 0 ] ||
	ndrv_fail "a recovery happened: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
ndrv_pass "control: with the receive watch off the deaf $NIC stays: it counted $((rx1 - rx0)) frames received and no ping got through"
