# SPDX-License-Identifier: GPL-2.0
# desc: sequenced UDP across a recovery: every datagram the stack accepted for transmission before, during and after a fault at xmit or irq leaves the DUT and arrives at the peer (unless the peer's own NIC dropped it, which its counters show); duplicates are counted and reported
# nics: rtl8139,e1000
# matrix: NIC=e1000,8139cp TYPE=null ENTRY=xmit,irq
# smp: 2
# slices: 2
# timeout: 200
# expect: pass
# append: ndriver.hang_floor_ms=500

ndrv_need_cmd /ndrv/bin/udpseq
ndrv_net_pair "$NIC"
# What is checked is the driver's part: no ARP during the outage, whose
# queue of unresolved packets drops silently (the stack's part).
peer_mac=$(ndrv_in peer ip link show dev "$PEER_IF" | sed -n 's/.*link\/ether \([0-9a-f:]*\) .*/\1/p')
ndrv_in dut arp -i "$DUT_IF" -s "$NDRV_PEER_ADDR" "$peer_mac" ||
	ndrv_fail "cannot pin the peer's neighbour entry"
# A short qdisc: what piles up during the outage leaves in one burst,
# which must fit the peer's receive ring (64 entries for 8139cp); the
# rest is refused with ENOBUFS, and udpseq sends it again.
ndrv_in dut ip link set "$DUT_IF" txqueuelen 32
count=20000
# peer_drops: datagrams the peer's NIC dropped on receive (errors, drops,
# FIFO overruns): the burst that leaves the DUT after the outage can
# overrun the peer's ring; those were sent, and are not the DUT's loss.
peer_drops() {
	ndrv_in peer cat /proc/net/dev |
		awk -v i="$PEER_IF:" '{ sub(":", ": ") } $1 == i { print $4 + $5 + $6 }'
}
drops0=$(peer_drops)
ndrv_in peer /ndrv/bin/udpseq recv 7000 $count 10 >/tmp/useq.recv 2>&1 &
rpid=$!
sleep 0.5
ndrv_in dut /ndrv/bin/udpseq send "$NDRV_PEER_ADDR" 7000 $count 2000 >/tmp/useq.send 2>&1 &
spid=$!
sleep 2
ndrv_inject "$DUT_PCI" "$TYPE" "$ENTRY"
ndrv_wait_recoveries "$DUT_PCI" 1 60 ||
	ndrv_fail "no recovery: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
echo off >"$NDRV_DEBUGFS/inject"
wait $spid || ndrv_fail "the sender failed: $(cat /tmp/useq.send)"
wait $rpid || ndrv_fail "the receiver failed: $(cat /tmp/useq.recv)"
ndrv_log "sender: $(cat /tmp/useq.send); receiver: $(cat /tmp/useq.recv)"

ndrv_log "$(dmesg | grep 'taken over' | tail -n 1)"
# shellcheck disable=SC2046 # one word per field of the report
set -- $(cat /tmp/useq.recv)
# received N unique U dups D missing M first_missing F
[ "$1" = received ] || ndrv_fail "unreadable receiver report: $(cat /tmp/useq.recv)"
drops=$(($(peer_drops) - drops0))
ndrv_metric "$NIC-$ENTRY-duplicates" "$6" datagrams
ndrv_metric "$NIC-$ENTRY-peer-rx-drops" "$drops" packets
[ "$8" -le "$drops" ] ||
	ndrv_fail "$8 of $count accepted datagrams never arrived (first: #${10}), the peer's NIC dropped $drops; $6 duplicates"
if [ "$8" = 0 ]; then
	ndrv_pass "$TYPE at $ENTRY of $NIC: all $count datagrams arrived, $6 duplicates"
fi
ndrv_pass "$TYPE at $ENTRY of $NIC: every datagram was sent; $8 were dropped by the peer's receive ring (it dropped $drops), $6 duplicates"
