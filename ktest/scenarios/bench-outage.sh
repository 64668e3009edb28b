# SPDX-License-Identifier: GPL-2.0
# desc: benchmark (printed, not asserted): the service outage of an nDriver recovery vs a scripted driver reload (rmmod, modprobe, address and route added again), seen at the peer as the longest gap in a 2000/s sequenced UDP stream (the stream on its own CPU, the fault 50 ms after the injector is armed); ROUNDS (5) of each, alternating; prints the medians of the outages and of Tu, Ts, Tc, Te, Tr, and the ratio of the median outages
# nics: rtl8139,e1000
# matrix: NIC=e1000,8139cp
# smp: 2
# timeout: 480
# rotate: bench
# expect: pass
# exclusive: yes
# slices: 2

ndrv_need_fine_clock
ndrv_need_cmd /ndrv/bin/udpseq
ndrv_net_pair "$NIC"

# The stream runs on the last CPU, this script (the injector's arming,
# the scripted reload's commands) on the first: under PREEMPT_NONE a
# command on the sender's CPU holds the sender back until it sleeps,
# and the gap would count that. Arming the injector's probe (symbol
# lookups, text patching) took 1-6 ms of the sender's CPU right before
# the fault, a gap no real fault comes with. One CPU: both share it.
ncpu=$(nproc)
stream_cpu=$((ncpu - 1))
if [ "$ncpu" -gt 1 ]; then
	taskset -pc 0 $$ >/dev/null || ndrv_fail "cannot pin the scenario to CPU 0"
fi

# outage CMD...: run CMD under the stream; prints the peer's longest gap
# between two datagrams, in microseconds.
outage() {
	local r s

	ndrv_in peer taskset -c "$stream_cpu" \
		/ndrv/bin/udpseq recv 7000 12000 20 >/tmp/o.recv 2>&1 &
	r=$!
	sleep 0.5
	ndrv_in dut taskset -c "$stream_cpu" \
		/ndrv/bin/udpseq send "$NDRV_PEER_ADDR" 7000 12000 2000 \
		>/tmp/o.send 2>&1 &
	s=$!
	sleep 2
	"$@" >&2
	wait $s || ndrv_fail "the sender failed: $(cat /tmp/o.send)"
	wait $r || ndrv_fail "the receiver failed: $(cat /tmp/o.recv)"
	ndrv_log "sender: $(cat /tmp/o.send); receiver: $(cat /tmp/o.recv)" >&2
	# shellcheck disable=SC2046 # one word per field of the report
	set -- $(cat /tmp/o.recv)
	[ "${11:-}" = max_gap_us ] || ndrv_fail "unreadable receiver report: $*"
	echo "${12}"
}

# The recoveries run in one direction: 8139cp -> 8139too, e1000 -> e1000.
first=$(ndrv_pci_driver "$DUT_PCI")
rounds=${ROUNDS:-5}
case $rounds in
''|0*|*[!0-9]*) ndrv_fail "ROUNDS must be a positive number, not '$rounds'" ;;
esac
# Fault recoveries beyond the storm policy's limit would give up.
echo $((rounds + 1)) >/sys/module/ndriver/parameters/storm_max ||
	ndrv_fail "cannot raise ndriver.storm_max to $((rounds + 1))"

recovery() {
	local r

	r=$(ndrv_recovery_stat "$DUT_PCI" recoveries)
	# The 100th xmit after the arming faults, 50 ms after it: the
	# arming is over then, and the outage is the recovery's alone.
	echo 100 >"$NDRV_DEBUGFS/inject-attr/space" ||
		ndrv_fail "cannot delay the fault (inject-attr/space)"
	ndrv_inject "$DUT_PCI" null xmit
	ndrv_wait_recoveries "$DUT_PCI" $((r + 1)) 60 || {
		no_fault_state
		ndrv_fail "no recovery: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery"); injector: $(head -n 1 "$NDRV_DEBUGFS/inject")"
	}
	echo off >"$NDRV_DEBUGFS/inject"
	stall_check
}

# The armed fault never fired: say whether the stream reached the
# driver at all (a qdisc deactivated for good drops it before, and an
# unresolved neighbour holds it back).
no_fault_state() {
	ndrv_log "no fault: $DUT_IF Tx packets $(dut_tx_packets), Rx packets $(ndrv_dev_counter dut "$DUT_IF" 3)"
	ndrv_in dut ip link show dev "$DUT_IF" 2>&1 | sed 's/^/ndrv: no fault: /'
	ndrv_in dut ip neigh show dev "$DUT_IF" 2>&1 | sed 's/^/ndrv: no fault: /'
}

dut_tx_packets() {
	ndrv_dev_counter dut "$DUT_IF" 11
}

irq_counts() {
	grep eth /proc/interrupts | tr -s ' ' | tr '\n' ';'
}

# A new driver that sends nothing in the second after it took over is
# stalled: 2 of 29 recoveries 8139cp -> 8139too were, until the Tx
# watchdog 6 s later, before the resume took and dropped the Tx locks
# between clearing resume_pending and waking the queues.
# Record its registers and the interrupt counts while it is, so that
# another such stall can be told apart.
stall_check() {
	local tx0 tx1

	tx0=$(dut_tx_packets)
	sleep 1
	tx1=$(dut_tx_packets)
	[ "${tx1:-0}" -gt $((${tx0:-0} + 100)) ] && return
	ndrv_log "stalled: $DUT_IF sent $tx0 -> $tx1 packets in the second after the recovery"
	ndrv_log "stalled: interrupts $(irq_counts)"
	ndrv_in dut ethtool -d "$DUT_IF" 2>&1 | sed 's/^/ndrv: stalled: regs: /'
	sleep 1
	ndrv_log "stalled: a second later, interrupts $(irq_counts) Tx packets $(dut_tx_packets)"
}

# Back to the first driver (after 8139cp -> 8139too and a reload of
# 8139too), by an admin swap, outside any measurement.
back_to_first() {
	local r

	[ "$(ndrv_pci_driver "$DUT_PCI")" = "$first" ] && return
	r=$(ndrv_recovery_stat "$DUT_PCI" recoveries)
	echo swap >"$NDRV_DEBUGFS/$DUT_PCI/swap" ||
		ndrv_fail "the admin swap back to $first failed"
	ndrv_wait_recoveries "$DUT_PCI" $((r + 1)) 60 ||
		ndrv_fail "no swap back to $first"
	[ "$(ndrv_pci_driver "$DUT_PCI")" = "$first" ] ||
		ndrv_fail "the swap gave $DUT_PCI to $(ndrv_pci_driver "$DUT_PCI"), not $first"
	ndrv_wait_ping dut "$NDRV_PEER_ADDR" 30 ||
		ndrv_fail "$first does not reach the peer after the swap back"
}

nds="" scs="" tus="" tss="" tcs="" tes="" trs="" stalls=0
i=0
while [ $i -lt "$rounds" ]; do
	i=$((i + 1))
	back_to_first
	nd=$(outage recovery) || exit 1
	tu=$(($(ndrv_recovery_stat "$DUT_PCI" last.tu_ns) / 1000))
	ts=$(($(ndrv_recovery_stat "$DUT_PCI" last.ts_ns) / 1000))
	line=$(dmesg | grep 'taken over; configuration' | tail -n 1)
	tc=$(echo "$line" | sed -n 's/.*configuration \([0-9]*\) us.*/\1/p')
	te=$(echo "$line" | sed -n 's/.*hand-over \([0-9]*\) us.*/\1/p')
	tr=$(echo "$line" | sed -n 's/.* re-issued in \([0-9]*\) us.*/\1/p')
	sc=$(outage ndrv_net_reload) || exit 1
	[ "$nd" -gt 0 ] || nd=1
	# Not an assertion, but a recovery this slow is a stall, not noise.
	if [ "$nd" -gt 1000000 ]; then
		stalls=$((stalls + 1))
		ndrv_log "round $i stalled: $(dmesg | grep 'NETDEV WATCHDOG' | tail -n 1)"
	fi
	ndrv_log "round $i: outage nDriver $nd us ($first -> $(ndrv_pci_driver "$DUT_PCI")), scripted $sc us; Tu $tu Ts $ts Tc ${tc:-?} Te ${te:-?} Tr ${tr:-?} us"
	nds="$nds $nd" scs="$scs $sc" tus="$tus $tu" tss="$tss $ts"
	tcs="$tcs ${tc:-0}" tes="$tes ${te:-0}" trs="$trs ${tr:-0}"
done

# The lists are split on purpose.
nd=$(ndrv_median $nds) sc=$(ndrv_median $scs)
tu=$(ndrv_median $tus) ts=$(ndrv_median $tss)
tc=$(ndrv_median $tcs) te=$(ndrv_median $tes) tr=$(ndrv_median $trs)
nd_lo=$(printf '%s\n' $nds | sort -n | head -n 1)
nd_hi=$(printf '%s\n' $nds | sort -n | tail -n 1)
ratio=$((sc / nd)).$((sc * 10 / nd % 10))
ndrv_metric outage-ndriver "$nd" us
ndrv_metric outage-scripted "$sc" us
ndrv_metric outage-ratio "$ratio" x
ndrv_metric recovery-tu "$tu" us
ndrv_metric recovery-ts "$ts" us
ndrv_metric recovery-tc "$tc" us
ndrv_metric recovery-te "$te" us
ndrv_metric recovery-tr "$tr" us
ndrv_metric outage-stalls "$stalls" rounds
ndrv_pass "outage, median of $rounds: nDriver $nd us ($nd_lo-$nd_hi), scripted reload $sc us (${ratio}x); Tu $tu us, Ts $ts us (Tc $tc us, Te $te us, Tr $tr us); $stalls of $rounds recoveries stalled over 1 s"
