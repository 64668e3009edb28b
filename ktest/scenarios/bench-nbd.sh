# SPDX-License-Identifier: GPL-2.0
# desc: benchmark (printed, not asserted): sequential and 4 KiB random read and write throughput of /dev/nbd0 with nbd unguarded, guarded, unguarded again, same boot (the guarded run against the mean of the others); then the longest stall a writer of 4 KiB synchronous writes sees across one recovery, with its phases Tu, Ts, Te (the front's opens handed to the new driver), Tc (until the client reconnected) and Tr (held requests re-issued)
# nics:
# smp: 2
# timeout: 300
# rotate: bench
# expect: pass
# exclusive: yes
# append: ndriver.guard=

ndrv_need_fine_clock
ndrv_need_cmd nbd-server nbd-client /ndrv/bin/blkbench
MODES="seq-write seq-read rand-write rand-read"

# bench LABEL: each mode for 3 s; "MODE-LABEL MB/s iops" lines in /tmp/bench.LABEL.
bench() {
	local mode out

	: >"/tmp/bench.$1"
	for mode in $MODES; do
		out=$(/ndrv/bin/blkbench /dev/nbd0 "$mode" 3 64) ||
			ndrv_fail "blkbench $mode ($1) failed: $out"
		ndrv_log "$1: $out"
		echo "$mode $(echo "$out" | sed -n 's/.*: \([0-9.]*\) MB\/s \([0-9]*\) iops.*/\1 \2/p')" >>"/tmp/bench.$1"
	done
}

# The client is gone once NBD_DO_IT returned; then nbd can be unloaded.
unload_nbd() {
	local i=0

	ndrv_nbd_stop
	while ! rmmod nbd 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 100 ] || ndrv_fail "nbd stays in use after the client disconnected"
		sleep 0.1
	done
}

# load_nbd GUARD: load nbd guarded ("nbd") or not (""), connect it.
load_nbd() {
	echo "$1" >/sys/module/ndriver/parameters/guard
	ndrv_nbd_start 128 persist
	if [ -n "$1" ]; then
		[ "$(ndrv_state nbd0)" = live ] || ndrv_fail "nbd is not guarded after loading it guarded"
	else
		[ "$(ndrv_state nbd0)" = none ] || ndrv_fail "nbd is guarded after loading it unguarded"
	fi
}

# Unguarded, guarded, unguarded again: the guarded run is compared with
# the mean of the two around it, which cancels a drift of the machine.
load_nbd ""
bench unguarded1
unload_nbd
load_nbd nbd
bench guarded

# One recovery under a writer that measures the gaps between its writes.
/ndrv/bin/blkbench /dev/nbd0 gap 8 64 >/tmp/gap.out 2>&1 &
writer=$!
sleep 3
ndrv_inject nbd0 null queue_rq
ndrv_wait_recoveries nbd0 1 60 || ndrv_fail "no recovery"
echo off >"$NDRV_DEBUGFS/inject"
wait $writer || ndrv_fail "the writer saw an error across the recovery: $(cat /tmp/gap.out)"
gap=$(sed -n 's/.*max_gap_us \([0-9]*\).*/\1/p' /tmp/gap.out)
ndrv_log "$(cat /tmp/gap.out)"
front() { sed -n "s/^$1 //p" "$NDRV_DEBUGFS/nbd0/front"; }
tu=$(($(ndrv_recovery_stat nbd0 last.tu_ns) / 1000))
ts=$(($(ndrv_recovery_stat nbd0 last.ts_ns) / 1000))
te=$(($(front last.handover_ns) / 1000))
tc=$(($(front last.connect_ns) / 1000))
tr=$(($(front last.resubmit_ns) / 1000))
held=$(($(front last.stall_ns) / 1000000))
unload_nbd
load_nbd ""
bench unguarded2

for mode in $MODES; do
	p1=$(sed -n "s/^$mode //p" /tmp/bench.unguarded1)
	p2=$(sed -n "s/^$mode //p" /tmp/bench.unguarded2)
	g=$(sed -n "s/^$mode //p" /tmp/bench.guarded)
	p=$(awk -v a="${p1% *}" -v b="${p2% *}" 'BEGIN { printf "%.1f", (a + b) / 2 }')
	ndrv_metric "$mode-mbs-unguarded" "$p" MB/s
	ndrv_metric "$mode-mbs-guarded" "${g% *}" MB/s
	ndrv_metric "$mode-iops-unguarded" "$(( (${p1#* } + ${p2#* }) / 2 ))" iops
	ndrv_metric "$mode-iops-guarded" "${g#* }" iops
	ndrv_metric "$mode-ratio" "$(awk -v g="${g% *}" -v p="$p" 'BEGIN { if (p > 0) printf "%.3f", g / p; else printf "n/a" }')" guarded/unguarded
done
ndrv_metric stall-longest-gap-ms "$((gap / 1000))" ms
ndrv_metric stall-tu-us "$tu" us
ndrv_metric stall-ts-us "$ts" us
ndrv_metric stall-te-us "$te" us
ndrv_metric stall-tc-us "$tc" us
ndrv_metric stall-tr-us "$tr" us
ndrv_metric stall-held-ms "$held" ms
ndrv_nbd_stop
ndrv_pass "nbd throughput measured unguarded, guarded, unguarded; one recovery stalled a synchronous writer $((gap / 1000)) ms"
