# SPDX-License-Identifier: GPL-2.0
# desc: fault campaign, one batch: a profile of the guarded NIC's driver under TCP both ways, then COUNT mutation faults (ndriver/mutate, drawn from SEED, fault FIRST on, kinds in turn), each under rounds of 2 MB of TCP each way with md5 checks until it fires and one round after, judged (not activated, no effect, recovered intact or harmed, undetected harm) and followed by a planned swap to a fresh instance; one NDRV-FAULT line per fault for ktest/campaign.sh, which boots the batches and counts crashes
# nics: rtl8139,e1000,vmxnet3
# matrix: NIC=8139cp,8139too,e1000,vmxnet3
# smp: 1,2
# timeout: 1800
# expect: pass
# tier: full

mut=$NDRV_DEBUGFS/mutate
[ -w "$mut" ] || ndrv_skip "no $mut: the kernel lacks the mutation injector (CONFIG_NDRIVER_INJECT)"
SEED=${SEED:-1}
FIRST=${FIRST:-0}
COUNT=${COUNT:-20}
MB=${MB:-2}
KINDS=${KINDS:-reg-flip reg-zero reg-wild skip branch call store}
NKINDS=$(echo $KINDS | wc -w)
ndrv_net_pair "$NIC"
# Every swap, planned or after a fault, to a fresh instance of the same
# driver: the one the profile and the draws are of.
echo "$NIC" >"$NDRV_DEBUGFS/$DUT_PCI/alternates" ||
	ndrv_fail "cannot make $NIC the only alternate of $DUT_PCI"
OUT=$(ndrv_make_data /tmp/out "$MB")
IN=$(ndrv_make_data /tmp/in "$MB")

# workload: TCP both ways at once; prints "ok", or what went wrong.
workload() {
	local o i r=""

	ndrv_tcp_transfer dut peer "$NDRV_PEER_ADDR" /tmp/out 5001 40 >/tmp/o.res 2>&1 &
	o=$!
	ndrv_tcp_transfer peer dut "$NDRV_DUT_ADDR" /tmp/in 5002 40 >/tmp/i.res 2>&1 &
	i=$!
	wait "$o" || r="out failed"
	wait "$i" || r="$r${r:+, }in failed"
	[ "$(tail -n 1 /tmp/o.res | cut -d' ' -f1)" = "$OUT" ] || r="$r${r:+, }out md5"
	[ "$(tail -n 1 /tmp/i.res | cut -d' ' -f1)" = "$IN" ] || r="$r${r:+, }in md5"
	echo "${r:-ok}"
}

# events: faults and recoveries of the DUT so far.
events() {
	echo $(($(ndrv_recovery_stat "$DUT_PCI" recoveries) +
		$(ndrv_recovery_stat "$DUT_PCI" recovery_errors) +
		$(ndrv_recovery_stat "$DUT_PCI" given_up)))
}

# fresh: a planned swap to a fresh instance, so that what a fault left
# behind is not blamed on the next one; the DUT must reach the peer.
fresh() {
	local n

	n=$(ndrv_recovery_stat "$DUT_PCI" recoveries)
	echo swap >"$NDRV_DEBUGFS/$DUT_PCI/swap" 2>/dev/null || return 1
	ndrv_wait_recoveries "$DUT_PCI" $((n + 1)) 30 || return 1
	ndrv_wait_ping dut "$NDRV_PEER_ADDR" 20
}

echo "$DUT_PCI profile" >"$mut" || ndrv_fail "cannot profile $DUT_PCI's driver"
[ "$(workload)" = ok ] || ndrv_fail "the workload fails with nothing injected"
ndrv_log "$(grep '^profile:' "$mut")"

i=$FIRST
end=$((FIRST + COUNT))
while [ "$i" -lt "$end" ]; do
	kind=$(echo $KINDS | cut -d' ' -f$((i % NKINDS + 1)))
	seed=$((SEED * 1000000 + i))
	before=$(events)
	echo "NDRV-FAULT-ARMED: $i $NIC $kind seed=$seed" >/dev/console
	ndrv_armed "$NDRV_DUT_DRV" "mutation $i: $kind seed=$seed"
	if ! echo "$DUT_PCI $kind random seed=$seed" >"$mut" 2>/dev/null; then
		echo "NDRV-FAULT: $i $NIC $kind seed=$seed - refused $(dmesg | tail -n 1 | sed 's/^\[[^]]*\] //')" >/dev/console
		i=$((i + 1))
		continue
	fi
	what=$(head -n 1 "$mut" | sed 's/^armed: //; s/ runs=.*//')
	# Up to three rounds until the mutation fires (periodic work such
	# as a watchdog runs every 2 s), then one more: its harm may show
	# only in the round after.
	res=ok
	rounds=0
	fired=0
	while [ $rounds -lt 4 ]; do
		r=$(workload)
		rounds=$((rounds + 1))
		[ "$fired" = 0 ] || { [ "$r" = ok ] || res=$r; break; }
		fired=$(sed -n '1s/.* fired=\([0-9]*\).*/\1/p' "$mut")
		[ "${fired:-0}" = 0 ] || { [ "$r" = ok ] || res=$r; }
		[ "${fired:-0}" != 0 ] || [ $rounds -lt 3 ] || break
	done
	echo off >"$mut"
	sleep 1
	if [ "$(events)" != "$before" ]; then
		detected=yes
		# The recovery ends before the next driver is judged.
		n=0
		while [ "$(ndrv_state "$DUT_PCI")" != live ] && [ $n -lt 300 ]; do
			n=$((n + 1))
			sleep 0.1
		done
	else
		detected=no
	fi
	if [ "${fired:-0}" = 0 ]; then
		outcome=not-activated
	elif [ $detected = yes ] && [ "$res" = ok ]; then
		outcome=recovered
	elif [ $detected = yes ]; then
		outcome=recovered-harmed
	elif [ "$res" = ok ]; then
		outcome=no-effect
	else
		outcome=undetected
	fi
	if [ "$outcome" != not-activated ] && ! fresh; then
		echo "NDRV-FAULT: $i $NIC $kind seed=$seed dead $what; workload: $res, then no fresh instance reached the peer" >/dev/console
		ndrv_net_state
		ndrv_fail "the NIC does not work after fault $i and a planned swap"
	fi
	echo "NDRV-FAULT: $i $NIC $kind seed=$seed $outcome $what; workload: $res" >/dev/console
	i=$((i + 1))
done
ndrv_pass "faults $FIRST-$((end - 1)) of seed $SEED on $NIC judged (NDRV-FAULT lines)"
