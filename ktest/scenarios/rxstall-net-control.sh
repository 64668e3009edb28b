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
ndrv_deaf_check
! dmesg | grep -q 'none was handed to the stack' ||
	ndrv_fail "a receive stall was reported with ndriver.rx_stall_ms=0: $(dmesg | grep 'none was handed' | head -n 1)"
[ "$(ndrv_recovery_stat "$DUT_PCI" recoveries)" = 0 ] ||
	ndrv_fail "a recovery happened: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
ndrv_pass "control: with the receive watch off the deaf $NIC stays: it counted $DEAF_FRAMES frames received and no ping got through"
