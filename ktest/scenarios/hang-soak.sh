# SPDX-License-Identifier: GPL-2.0
# desc: no false positives: a guarded NIC under TCP transfers, 64-byte UDP floods, ethtool queries and link bounces, nothing injected, for ndrv.soak_s seconds (default 90; the 10-minute run is ktest/run.sh --only hang-soak --append ndrv.soak_s=600 --timeout 900): no hang detected, no fault, no recovery, every transfer md5-identical
# nics: rtl8139,e1000
# matrix: NIC=8139cp,e1000
# smp: 1
# timeout: 300
# expect: pass
# oversubscribe: no
# slices: 2
#
# scripts/test.sh runs more virtual CPUs than the host has; not while
# this runs: a vCPU the host leaves waiting inside a driver looks, from
# the guest, like a driver that ran past its timeout, and that would be
# the host's false positive, not nDriver's.

ndrv_need_cmd ethtool
ndrv_need_cmd /ndrv/bin/udpflood
secs=$(ndrv_cmdline_arg ndrv.soak_s)
secs=${secs:-90}
ndrv_net_pair "$NIC"
[ "$(ndrv_state "$DUT_PCI")" = live ] || ndrv_fail "$NIC is not guarded"
sum=$(ndrv_make_data /tmp/data 20)

end=$(($(ndrv_now_cs) / 100 + secs))
rounds=0 bounces=0 bad=0
while [ $(($(ndrv_now_cs) / 100)) -lt "$end" ]; do
	rounds=$((rounds + 1))
	ndrv_tcp_transfer dut peer "$NDRV_PEER_ADDR" /tmp/data $((5100 + rounds % 100)) 120 \
		>/tmp/soak.tcp 2>&1 &
	tcp=$!
	ndrv_udp_pps 3 >/dev/null
	for q in -i -S -k -g -a; do
		ndrv_in dut ethtool $q "$DUT_IF" >/dev/null 2>&1 || true
	done
	wait $tcp || true
	out=$(tail -n 1 /tmp/soak.tcp)
	[ "${out% *}" = "$sum" ] || bad=$((bad + 1))
	# A link bounce every third round: stop and open under load.
	if [ $((rounds % 3)) = 0 ]; then
		bounces=$((bounces + 1))
		ndrv_net_trigger open >/dev/null
		ndrv_wait_ping dut "$NDRV_PEER_ADDR" 30 ||
			ndrv_fail "no ping after link bounce $bounces"
	fi
done

faults=$(ndrv_stat "$DUT_PCI" faults)
ndrv_log "$(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/stats")"
ndrv_log "timeouts: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/timeouts")"
[ -r "$NDRV_DEBUGFS/virq" ] && ndrv_log "virq: $(tr '\n' ' ' <"$NDRV_DEBUGFS/virq")"
[ "$faults" = 0 ] ||
	ndrv_fail "$faults faults detected with nothing injected: $(dmesg | grep 'driver instance stopped' | head -n 3)"
[ "$(ndrv_recovery_stat "$DUT_PCI" recoveries)" = 0 ] ||
	ndrv_fail "a recovery ran with nothing injected"
[ "$bad" = 0 ] || ndrv_fail "$bad of $rounds TCP transfers arrived corrupted or incomplete"
ndrv_metric "$NIC-soak-rounds" "$rounds" "rounds in $secs s"
ndrv_pass "$secs s of TCP, UDP floods, ethtool and $bounces link bounces through guarded $NIC: no hang detected, no fault, $rounds transfers md5-identical"
