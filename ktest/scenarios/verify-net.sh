# SPDX-License-Identifier: GPL-2.0
# desc: a recovery checks its next driver: the driver that takes the guarded NIC over drops every frame it receives ("deaf next"), which no guard and no Tx watch sees; nDriver hears nothing from the peer within ndriver.verify_ms, fails that driver as "unverified" and goes on to the one after it - after a planned swap on an idle link (only nDriver's ARP requests), and after a NULL dereference mid-transfer, where the 50 MB TCP transfer then completes md5-identical
# nics: rtl8139,e1000
# matrix: NIC=8139cp,e1000
# smp: 2
# timeout: 420
# expect: pass
# append: ndriver.hang_floor_ms=500

ndrv_net_pair "$NIC"
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "$NIC is not guarded (no live instance in $NDRV_DEBUGFS/$DUT_PCI/state)"
verify_ms=$(cat /sys/module/ndriver/parameters/verify_ms 2>/dev/null || echo 1000)

# verified N: wait until N next drivers passed the check.
verified() {
	local i=0

	until [ "$(dmesg | grep -c "$DUT_PCI: .* verified: ")" -ge "$1" ]; do
		i=$((i + 1))
		[ $i -lt 300 ] ||
			ndrv_fail "no next driver passed the check within 30 s: $(dmesg | grep -E 'verified|taken over' | tail -n 3 | tr '\n' ' ')"
		sleep 0.1
	done
}
unverified() {
	dmesg | grep -c "$DUT_PCI: .*: unverified: nothing heard from $NDRV_PEER_ADDR" || true
}

# 1. A planned swap, the link idle: the peer is known from a ping.
ndrv_in dut ping -c 2 -i 0.2 -W 1 "$NDRV_PEER_ADDR" >/dev/null ||
	ndrv_fail "the peer does not answer a ping before the swap"
ndrv_inject "$DUT_PCI" deaf next
echo swap >"$NDRV_DEBUGFS/$DUT_PCI/swap" ||
	ndrv_fail "cannot write swap for $DUT_PCI"
ndrv_wait_recoveries "$DUT_PCI" 2 60 ||
	ndrv_fail "the deaf driver was not replaced: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
[ "$(unverified)" = 1 ] ||
	ndrv_fail "recovered, but not because the next driver failed its check: $(dmesg | grep 'driver instance stopped' | tail -n 1)"
ndrv_log "$(dmesg | grep ': unverified: ' | tail -n 1)"
verified 1
ndrv_log "$(dmesg | grep ' verified: ' | tail -n 1)"
ndrv_in dut ping -c 2 -i 0.2 -W 2 "$NDRV_PEER_ADDR" >/dev/null ||
	ndrv_fail "the driver that passed the check does not get a ping through"

# 2. A fault mid-transfer; the driver that takes over is deaf.
ndrv_tcp_start "${MB:-50}"
ndrv_inject "$DUT_PCI" deaf next
ndrv_inject "$DUT_PCI" null xmit
ndrv_wait_recoveries "$DUT_PCI" 4 60 ||
	ndrv_fail "the deaf driver was not replaced after the fault: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
echo off >"$NDRV_DEBUGFS/inject"
[ "$(unverified)" = 2 ] ||
	ndrv_fail "the second recovery did not end on a failed check: $(dmesg | grep 'driver instance stopped' | tail -n 2 | tr '\n' ' ')"
verified 2
ndrv_tcp_finish "$NIC-verify"
ndrv_metric "$NIC-verify-bound-ms" "$verify_ms" ms
ndrv_pass "$NIC: twice a deaf next driver was failed as unverified and replaced by $(ndrv_pci_driver "$DUT_PCI"), which passed the check; $XFER_MB MB md5-identical across the fault"
