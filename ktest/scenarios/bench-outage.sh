# SPDX-License-Identifier: GPL-2.0
# desc: benchmark (printed, not asserted): the service outage of one nDriver recovery vs a scripted driver reload (rmmod, modprobe, address and route added again), seen at the peer as the longest gap in a 2000/s sequenced UDP stream; prints Tu, Ts, Tc, Te, Tr and the ratio
# nics: rtl8139,e1000
# matrix: NIC=e1000,8139cp
# smp: 2
# timeout: 300
# expect: pass

ndrv_need_cmd /ndrv/bin/udpseq
ndrv_net_pair "$NIC"

# outage CMD...: run CMD under the stream; prints the peer's longest gap
# between two datagrams, in microseconds.
outage() {
	local r s

	ndrv_in peer /ndrv/bin/udpseq recv 7000 12000 20 >/tmp/o.recv 2>&1 &
	r=$!
	sleep 0.5
	ndrv_in dut /ndrv/bin/udpseq send "$NDRV_PEER_ADDR" 7000 12000 2000 >/tmp/o.send 2>&1 &
	s=$!
	sleep 2
	"$@" >&2
	wait $s || ndrv_fail "the sender failed: $(cat /tmp/o.send)"
	wait $r || ndrv_fail "the receiver failed: $(cat /tmp/o.recv)"
	ndrv_log "sender: $(cat /tmp/o.send); receiver: $(cat /tmp/o.recv)" >&2
	set -- $(cat /tmp/o.recv)
	[ "${11:-}" = max_gap_us ] || ndrv_fail "unreadable receiver report: $*"
	echo "${12}"
}

recovery() {
	ndrv_inject "$DUT_PCI" null xmit
	ndrv_wait_recoveries "$DUT_PCI" 1 60 ||
		ndrv_fail "no recovery: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
	echo off >"$NDRV_DEBUGFS/inject"
}

nd=$(outage recovery)
tu=$(($(ndrv_recovery_stat "$DUT_PCI" last.tu_ns) / 1000))
ts=$(($(ndrv_recovery_stat "$DUT_PCI" last.ts_ns) / 1000))
line=$(dmesg | grep 'taken over; configuration' | tail -n 1)
tc=$(echo "$line" | sed -n 's/.*configuration \([0-9]*\) us.*/\1/p')
te=$(echo "$line" | sed -n 's/.*hand-over \([0-9]*\) us.*/\1/p')
tr=$(echo "$line" | sed -n 's/.* re-issued in \([0-9]*\) us.*/\1/p')
sc=$(outage ndrv_net_reload)
[ "$nd" -gt 0 ] || nd=1
ndrv_metric outage-ndriver "$nd" us
ndrv_metric outage-scripted "$sc" us
ratio=$((sc / nd)).$((sc * 10 / nd % 10))
ndrv_metric outage-ratio "$ratio" x
ndrv_metric recovery-tu "$tu" us
ndrv_metric recovery-ts "$ts" us
ndrv_metric recovery-tc "${tc:-0}" us
ndrv_metric recovery-te "${te:-0}" us
ndrv_metric recovery-tr "${tr:-0}" us
ndrv_pass "outage: nDriver $nd us, scripted reload $sc us (${ratio}x); Tu $tu us, Ts $ts us (Tc ${tc:-?} us, Te ${te:-?} us, Tr ${tr:-?} us)"
