# SPDX-License-Identifier: GPL-2.0
# desc: benchmark (not a test of speed): 64-byte UDP packets/s and bulk TCP throughput through the NIC unguarded and guarded, counted in instructions (QEMU -icount: the guest's clock is its instruction count), PAIRS (1; --set PAIRS=3 for more) pairs of runs in one boot, the driver loaded again before each run; prints the median of the pairs' ratios
# nics: rtl8139,e1000
# matrix: NIC=e1000,8139cp,8139too
# smp: 1
# timeout: 900
# rotate: bench
# expect: pass
# icount: 0
# append: ndriver.guard=
# slices: 3

ndrv_need_fine_clock
ndrv_need_cmd /ndrv/bin/udpflood

# Under "icount: 0" a guest second is 10^9 emulated instructions and
# idle time is skipped: a rate measured here is what the guest's CPU
# work allows, the same from run to run, whatever else the host runs.
# In wall-clock time the ratios of one boot moved by a quarter between
# runs (Documentation/evaluation.md).

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

# load_as guarded|unguarded: load the DUT's driver again, so.
load_as() {
	local list="" want=none

	if [ "$1" = guarded ]; then
		list=$NIC
		want=live
	fi
	echo "$list" >/sys/module/ndriver/parameters/guard ||
		ndrv_fail "cannot set ndriver.guard to '$list'"
	ndrv_net_reload
	[ "$(ndrv_state "$DUT_PCI")" = "$want" ] ||
		ndrv_fail "$NIC is not $1 after loading it again (state $(ndrv_state "$DUT_PCI"))"
}

# ratio A B: A / B, three decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'
}

ndrv_net_pair "$NIC"
[ ! -e "$NDRV_DEBUGFS/$DUT_PCI/state" ] || ndrv_fail "$NIC is guarded, expected unguarded first"
# --set PROFILE=1: a guest second of guarded 64-byte UDP and nothing
# else, for scripts/tb-profile (Documentation/development.md).
if [ "${PROFILE:-0}" = 1 ]; then
	load_as guarded
	pps=$(ndrv_udp_pps 1)
	[ "$pps" -gt 0 ] || ndrv_fail "no packet got through guarded: nothing to profile"
	ndrv_pass "$NIC, profile run: $pps packets reached the peer in a second, guarded (no ratio)"
fi
# Each connection starts afresh, not from what the last one learnt.
for ns in dut peer; do
	ndrv_in $ns sh -c 'echo 1 >/proc/sys/net/ipv4/tcp_no_metrics_save' ||
		ndrv_fail "cannot set tcp_no_metrics_save in the $ns namespace"
done
sum=$(ndrv_make_data /tmp/data 50)
# One pair by default: under -icount the pairs of a boot agree to 0.2%
# (CI of aaa673b, e1000: 0.961, 0.963, 0.961 and 1.000, 1.000, 1.006),
# and each pair costs CI about 3 minutes of a CPU per NIC.
pairs=${PAIRS:-1}
case $pairs in
''|0*|*[!0-9]*) ndrv_fail "PAIRS must be a positive number, not '$pairs'" ;;
esac

# Pairs of runs, unguarded and guarded, each after a reload of the
# driver: the rate of one boot drifts (from one run to the next, and
# after a reload), and the two runs of a pair share the drift; the
# order alternates from pair to pair. The first runs, with the driver
# as the boot loaded it, are a warm-up.
ndrv_udp_pps 2 >/dev/null
tcp_mbit >/dev/null
ups="" gps="" uts="" gts="" udp_r="" tcp_r=""
i=0
while [ $i -lt "$pairs" ]; do
	i=$((i + 1))
	order="unguarded guarded"
	[ $((i % 2)) = 1 ] || order="guarded unguarded"
	for mode in $order; do
		load_as "$mode"
		pps=$(ndrv_udp_pps 5)
		mbit=$(tcp_mbit)
		if [ "$mode" = guarded ]; then
			gp=$pps gt=$mbit
		else
			up=$pps ut=$mbit
		fi
	done
	[ "$up" -gt 0 ] || ndrv_fail "no packets got through unguarded"
	ur=$(ratio "$gp" "$up") tr=$(ratio "$gt" "$ut")
	ndrv_log "pair $i: udp64 pps unguarded $up, guarded $gp ($ur); TCP unguarded $ut, guarded $gt Mbit/s ($tr)"
	ups="$ups $up" gps="$gps $gp" uts="$uts $ut" gts="$gts $gt"
	udp_r="$udp_r $ur" tcp_r="$tcp_r $tr"
done

# The lists are split on purpose.
plain=$(ndrv_median $ups) guarded=$(ndrv_median $gps)
plain_tcp=$(ndrv_median $uts) guarded_tcp=$(ndrv_median $gts)
udp_ratio=$(ndrv_median $udp_r) tcp_ratio=$(ndrv_median $tcp_r)
ndrv_metric udp64-pps-unguarded "$plain" pkt/s
ndrv_metric udp64-pps-guarded "$guarded" pkt/s
ndrv_metric udp64-pps-ratio "$udp_ratio" guarded/unguarded
ndrv_metric tcp-mbit-unguarded "$plain_tcp" Mbit/s
ndrv_metric tcp-mbit-guarded "$guarded_tcp" Mbit/s
ndrv_metric tcp-bulk-ratio "$tcp_ratio" guarded/unguarded
ndrv_pass "$NIC, medians of $pairs pairs: udp64 pps unguarded $plain, guarded $guarded (ratio $udp_ratio, pairs:$udp_r); TCP unguarded $plain_tcp, guarded $guarded_tcp Mbit/s (ratio $tcp_ratio, pairs:$tcp_r)"
