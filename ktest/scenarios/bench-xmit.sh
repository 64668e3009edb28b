# SPDX-License-Identifier: GPL-2.0
# desc: benchmark (not a test of speed): 64-byte UDP packets/s and bulk TCP throughput through the NIC unguarded, then guarded, same boot
# nics: rtl8139,e1000
# matrix: NIC=e1000,8139cp,8139too
# smp: 1
# timeout: 300
# expect: pass
# exclusive: yes
# append: ndriver.guard=

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

# best_of_two CMD...: the greater of two runs of CMD, which prints a
# number. Under TCG one transfer or flood is now and then much slower
# for reasons of the host, not of the guard.
best_of_two() {
	local a b

	a=$("$@")
	b=$("$@")
	echo $((a > b ? a : b))
}

ndrv_net_pair "$NIC"
[ ! -e "$NDRV_DEBUGFS/$DUT_PCI/state" ] || ndrv_fail "$NIC is guarded, expected unguarded first"
# Each connection starts afresh, not from what the last one learnt.
for ns in dut peer; do
	ndrv_in $ns sh -c 'echo 1 >/proc/sys/net/ipv4/tcp_no_metrics_save' ||
		ndrv_fail "cannot set tcp_no_metrics_save in the $ns namespace"
done
sum=$(ndrv_make_data /tmp/data 50)
plain=$(best_of_two ndrv_udp_pps 5)
plain_tcp=$(best_of_two tcp_mbit)

# Load the driver again, guarded; the peer stays as it was.
echo "$NIC" >/sys/module/ndriver/parameters/guard
ndrv_net_reload
[ "$(ndrv_state "$DUT_PCI")" = live ] || ndrv_fail "$NIC is not guarded after reloading"
guarded=$(best_of_two ndrv_udp_pps 5)
guarded_tcp=$(best_of_two tcp_mbit)

ndrv_metric udp64-pps-unguarded "$plain" pkt/s
ndrv_metric udp64-pps-guarded "$guarded" pkt/s
[ "$plain" -gt 0 ] || ndrv_fail "no packets got through unguarded"
ndrv_metric udp64-pps-ratio "$(awk -v g="$guarded" -v p="$plain" 'BEGIN { printf "%.3f", g / p }')" guarded/unguarded
ndrv_metric tcp-mbit-unguarded "$plain_tcp" Mbit/s
ndrv_metric tcp-mbit-guarded "$guarded_tcp" Mbit/s
ndrv_metric tcp-bulk-ratio "$(awk -v g="$guarded_tcp" -v p="$plain_tcp" 'BEGIN { printf "%.3f", g / p }')" guarded/unguarded
ndrv_pass "$NIC: udp64 pps unguarded $plain, guarded $guarded; TCP unguarded $plain_tcp, guarded $guarded_tcp Mbit/s"
