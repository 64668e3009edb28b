# SPDX-License-Identifier: GPL-2.0
# desc: the thesis' Figure 7: a 100 MB TCP transfer out of the guarded NIC survives a fault injected mid-transfer: md5-identical, no reset; the interface keeps its ifindex, name, MAC, MTU, address, routes and multicast memberships
# nics: rtl8139,e1000
# matrix: NIC=e1000 TYPE=null,gp ENTRY=xmit,irq,poll,ethtool
# smp: 2
# timeout: 420
# expect: pass

ndrv_need_cmd ethtool
ndrv_net_pair "$NIC"
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "$NIC is not guarded (no live instance in $NDRV_DEBUGFS/$DUT_PCI/state)"

# What the admin set, which the new driver must be given again.
ndrv_in dut ip link set "$DUT_IF" mtu 1400 ||
	ndrv_fail "cannot set the MTU of $DUT_IF"
ndrv_in dut ip link set "$DUT_IF" address 02:00:00:00:00:aa ||
	ndrv_fail "cannot set the MAC address of $DUT_IF"
ndrv_in dut ip route add 198.51.100.0/24 via "$NDRV_PEER_ADDR" dev "$DUT_IF"
ndrv_in peer ip neigh flush dev "$PEER_IF"
ndrv_wait_ping dut "$NDRV_PEER_ADDR" 30 ||
	ndrv_fail "no ping after the MAC address change"

# identity: what must not change across the swap.
identity() {
	echo "ifindex $(ndrv_net_ifindex dut "$DUT_IF")"
	ndrv_in dut ip link show dev "$DUT_IF" |
		sed -n 's/.* mtu \([0-9]*\) .*/mtu \1/p; s/.*link\/ether \([0-9a-f:]*\) .*/mac \1/p'
	ndrv_in dut ip addr show dev "$DUT_IF" | sed -n 's/.*inet \([0-9./]*\) .*/addr \1/p'
	# A link bounce (ENTRY=open) flushes the admin's routes: that is
	# the admin's doing, not the swap's.
	if [ "$ENTRY" = open ]; then
		ndrv_in dut ip route show dev "$DUT_IF" | grep -v via
	else
		ndrv_in dut ip route show dev "$DUT_IF"
	fi
	# The bounce also gives IPv6 a link-local address (and solicited-
	# node group) made from the admin-set MAC.
	ndrv_in dut cat /proc/net/dev_mcast |
		awk -v i="$DUT_IF" -v e="$ENTRY" '$2 == i && !(e == "open" && $5 ~ /^3333ff/) { print "mcast " $5 }' | sort
	ndrv_in dut cat /proc/net/igmp | awk '/^[0-9]/ { d = $2 } /^\t/ { print "igmp " d " " $1 }' | sort
}

# out_rsts NS: TCP resets sent from namespace NS.
out_rsts() {
	ndrv_in "$1" cat /proc/net/snmp | awk '/^Tcp:/ { if (!c) { for (i = 1; i <= NF; i++) if ($i == "OutRsts") c = i } else print $c }'
}

# peer_rx_mb: megabytes the peer's interface received.
peer_rx_mb() {
	ndrv_in peer cat /proc/net/dev |
		awk -v i="$PEER_IF:" '{ sub(":", ": ") } $1 == i { print int($2 / 1048576) }'
}

before=$(identity)
rst_dut=$(out_rsts dut)
rst_peer=$(out_rsts peer)
sum=$(ndrv_make_data /tmp/data 100)

ndrv_tcp_transfer dut peer "$NDRV_PEER_ADDR" /tmp/data 5001 360 >/tmp/xfer.out 2>/tmp/xfer.err &
xfer=$!
i=0
while [ "$(peer_rx_mb)" -lt 20 ]; do
	i=$((i + 1))
	[ $i -lt 600 ] || ndrv_fail "the transfer did not reach 20 MB in 60 s"
	kill -0 $xfer 2>/dev/null || ndrv_fail "the transfer ended before the fault: $(cat /tmp/xfer.out)"
	sleep 0.1
done

ndrv_inject "$DUT_PCI" "$TYPE" "$ENTRY"
case $ENTRY in
open|ethtool) ndrv_net_trigger "$ENTRY" ;;
esac
ndrv_wait_recoveries "$DUT_PCI" 1 60 ||
	ndrv_fail "no recovery: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
echo off >"$NDRV_DEBUGFS/inject"
ndrv_log "$(dmesg | grep 'taken over' | tail -n 1)"

rc=0
wait $xfer || rc=$?
out=$(tail -n 1 /tmp/xfer.out)
got=${out% *}
cs=${out##* }
[ $rc = 0 ] || ndrv_fail "the transfer failed across the recovery (md5 '$got'): $(cat /tmp/xfer.err)"
[ "$got" = "$sum" ] ||
	ndrv_fail "data corrupted or truncated across the recovery: md5 $got, sent $sum"
[ "$(out_rsts dut)" = "$rst_dut" ] && [ "$(out_rsts peer)" = "$rst_peer" ] ||
	ndrv_fail "TCP resets were sent: dut $rst_dut -> $(out_rsts dut), peer $rst_peer -> $(out_rsts peer)"
after=$(identity)
[ "$after" = "$before" ] ||
	ndrv_fail "the interface changed across the swap: before [$(echo $before)] after [$(echo $after)]"
[ "$cs" -gt 0 ] 2>/dev/null || cs=1
ndrv_metric "$NIC-$TYPE-$ENTRY-throughput" $((100 * 8 * 1048576 / cs / 10000)) Mbit/s
ndrv_metric "$NIC-$TYPE-$ENTRY-swap-us" "$(($(ndrv_recovery_stat "$DUT_PCI" last.ts_ns) / 1000))" us
ndrv_pass "$TYPE at $ENTRY of $NIC mid-transfer: 100 MB md5-identical, no reset, $(ndrv_pci_driver "$DUT_PCI") took over $DUT_IF (ifindex $DUT_IFINDEX) unchanged"
