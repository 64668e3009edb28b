# SPDX-License-Identifier: GPL-2.0
# desc: control for stall-net: the same stall with stall detection off (ndriver.stall_floor_ms=0): nDriver sees nothing and the transfer stops for good; the kernel's Tx watchdog notices only once a UDP flood has filled the queue, after watchdog_timeo (5 s), and the driver's own tx_timeout reset does not bring it back
# nics: rtl8139,e1000
# matrix: NIC=e1000
# smp: 2
# timeout: 300
# expect: pass
# append: ndriver.stall_floor_ms=0

ndrv_need_cmd ethtool
ndrv_net_pair "$NIC"
timeouts() {
	ndrv_in dut ethtool -S "$DUT_IF" | awk '$1 == "tx_timeout_count:" { print $2 }'
}
n0=$(timeouts)
[ -n "$n0" ] || ndrv_fail "ethtool -S $DUT_IF shows no tx_timeout_count"
ndrv_tcp_start 100
ndrv_inject "$DUT_PCI" stall irq
t0=$(ndrv_now_cs)
# TCP, waiting for ACKs that no longer come in, leaves less in flight
# than it takes to stop the queue: the kernel's watchdog never fires on
# a stalled TCP flow alone. A UDP flood fills the ring and stops it.
[ -x /ndrv/bin/udpflood ] || ndrv_fail "no /ndrv/bin/udpflood in the initramfs"
ndrv_in dut /ndrv/bin/udpflood "$NDRV_PEER_ADDR" 9 2 64 >/dev/null 2>&1 || true
rx0=$(ndrv_peer_rx_mb)
i=0
until dmesg | grep -q 'NETDEV WATCHDOG'; do
	i=$((i + 1))
	[ $i -lt 300 ] || ndrv_fail "no NETDEV WATCHDOG within 30 s of the stall"
	sleep 0.1
done
waited=$(($(ndrv_now_cs) - t0))
! dmesg | grep -q 'driver instance stopped' ||
	ndrv_fail "nDriver stopped the driver with stall detection off: $(dmesg | grep 'driver instance stopped' | head -n 1)"
sleep 1
n1=$(timeouts)
[ "$n1" -gt "$n0" ] ||
	ndrv_fail "the watchdog fired but $NIC's own tx_timeout did not run (tx_timeout_count $n0 -> $n1)"
sleep 3
rx1=$(ndrv_peer_rx_mb)
[ "$rx1" = "$rx0" ] ||
	ndrv_fail "the peer still received data after the stall ($rx0 -> $rx1 MB): the stall did not stop $NIC"
kill "$XFER_PID" 2>/dev/null || true
ndrv_log "$(dmesg | grep 'NETDEV WATCHDOG' | head -n 1)"
ndrv_metric "$NIC-watchdog-ms" "$((waited * 10))" ms
ndrv_pass "control: with stall detection off only the kernel's watchdog saw the stall, after $((waited * 10)) ms; $NIC's own reset ran (tx_timeout_count $n0 -> $n1) and the transfer stayed stopped"
