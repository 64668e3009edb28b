# SPDX-License-Identifier: GPL-2.0
# desc: benchmark (not a test of speed): 64-byte UDP packets/s and bulk TCP throughput through e1000 unguarded, then guarded, same boot
# nics: rtl8139,e1000
# smp: 1
# timeout: 180
# expect: pass
# exclusive: yes
# append: ndriver.guard=8139cp

ndrv_need_cmd /ndrv/bin/udpflood

# Mbit/s of one 50 MB TCP transfer from the DUT (md5 checked).
tcp_mbit() {
	local out cs

	out=$(ndrv_tcp_transfer dut peer "$NDRV_PEER_ADDR" /tmp/data 5002 120) ||
		ndrv_fail "TCP transfer failed"
	[ "${out% *}" = "$sum" ] || ndrv_fail "TCP transfer corrupted: md5 ${out% *}"
	cs=${out##* }
	[ "$cs" -gt 0 ] || cs=1
	echo $((50 * 8 * 1048576 / cs / 10000))
}

ndrv_net_pair e1000
[ ! -e "$NDRV_DEBUGFS/$DUT_PCI/state" ] || ndrv_fail "e1000 is guarded, expected unguarded first"
sum=$(ndrv_make_data /tmp/data 50)
plain=$(ndrv_udp_pps 5)
plain_tcp=$(tcp_mbit)

# Reload e1000 guarded; the namespaces keep the peer.
ndrv_in dut ip link set "$DUT_IF" netns 1
rmmod e1000 || ndrv_fail "rmmod e1000 failed"
echo 8139cp,e1000 >/sys/module/ndriver/parameters/guard
ndrv_modprobe e1000
DUT_IF=$(ndrv_ifname_by_driver e1000) || ndrv_fail "e1000 did not come back"
ip link set "$DUT_IF" netns "$(ndrv_ns_pid dut)"
ndrv_in dut ip addr add "$NDRV_DUT_ADDR/24" dev "$DUT_IF"
ndrv_in dut ip link set "$DUT_IF" up
ndrv_wait_ping dut "$NDRV_PEER_ADDR" 30 || ndrv_fail "no ping after reloading e1000"
[ "$(ndrv_state "$DUT_PCI")" = live ] || ndrv_fail "e1000 is not guarded after reloading"
guarded=$(ndrv_udp_pps 5)
guarded_tcp=$(tcp_mbit)

ndrv_metric udp64-pps-unguarded "$plain" pkt/s
ndrv_metric udp64-pps-guarded "$guarded" pkt/s
[ "$plain" -gt 0 ] || ndrv_fail "no packets got through unguarded"
ndrv_metric udp64-pps-ratio "$(awk -v g="$guarded" -v p="$plain" 'BEGIN { printf "%.3f", g / p }')" guarded/unguarded
ndrv_metric tcp-mbit-unguarded "$plain_tcp" Mbit/s
ndrv_metric tcp-mbit-guarded "$guarded_tcp" Mbit/s
ndrv_metric tcp-bulk-ratio "$(awk -v g="$guarded_tcp" -v p="$plain_tcp" 'BEGIN { printf "%.3f", g / p }')" guarded/unguarded
ndrv_pass "udp64 pps unguarded $plain, guarded $guarded; TCP unguarded $plain_tcp, guarded $guarded_tcp Mbit/s"
