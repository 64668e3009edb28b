# SPDX-License-Identifier: GPL-2.0
# desc: planned swaps of nbd (echo swap, no fault): two under a mounted ext4 and the recover-nbd workload, then SWAPS back-to-back with the filesystem mounted: every file intact, no I/O error, a fresh nbd each time, and nothing leaks (modules, disks, nbd's workqueues, slab, kmemleak)
# nics:
# smp: 2
# timeout: 420
# expect: pass
# append: kmemleak=on

ndrv_need_cmd nbd-server nbd-client mkfs.ext4 e2fsck
swaps=$(ndrv_cmdline_arg ndrv.swaps)
swaps=${swaps:-20}
swap=$NDRV_DEBUGFS/nbd0/swap

# One planned swap; back when the client has connected the new driver.
swap_once() {
	local i=0

	echo swap >"$swap" || ndrv_fail "echo swap > $swap failed"
	while [ "$(sed -n 's/^state //p' "$NDRV_DEBUGFS/nbd0/front")" != live ]; do
		i=$((i + 1))
		[ $i -le 300 ] ||
			ndrv_fail "nbd0 not live again 30 s after a swap: $(tr '\n' ' ' <"$NDRV_DEBUGFS/nbd0/front")"
		sleep 0.1
	done
}

snapshot() {
	echo "modules $(grep -c '^nbd ' /proc/modules)"
	echo "disks $(ls /sys/block | wc -l)"
	echo "rescuers $(ps | grep -c '[R]-nbd')"
}
ndrv_nbd_start 128 persist
[ "$(ndrv_state nbd0)" = live ] || ndrv_fail "nbd is not guarded"
ndrv_nbd_fs_start 16 4
ndrv_nbd_fs_wait 4
swap_once
ndrv_nbd_fs_wait 10
swap_once
# The workload ends, the files stay open for reading below.
wait "$NDRV_NBD_WRITER"
[ -s /tmp/writer.err ] && ndrv_fail "the workload saw errors: $(cat /tmp/writer.err)"

ndrv_leaks_start
before=$(snapshot)
slab0=$(ndrv_slab_kb)
t0=$(ndrv_now_cs)
i=0
while [ $i -lt "$swaps" ]; do
	swap_once
	i=$((i + 1))
done
t1=$(ndrv_now_cs)
n=$(ndrv_recovery_stat nbd0 recoveries)
[ "$n" -eq $((swaps + 2)) ] || ndrv_fail "$n recoveries after $((swaps + 2)) swaps"
after=$(snapshot)
[ "$before" = "$after" ] ||
	ndrv_fail "resources changed over $swaps swaps: before: $(echo $before) after: $(echo $after)"
ndrv_leaks_check "$swaps swaps" "$slab0"
NDRV_NBD_WRITER=
ndrv_nbd_fs_check
ndrv_expect_no_fault "$((swaps + 2)) swaps of nbd"
ndrv_metric swap-ms $(( (t1 - t0) * 10 / swaps )) ms/swap
ndrv_metric slab-delta-kb "$NDRV_SLAB_DELTA" kB
ndrv_nbd_stop
ndrv_pass "$((swaps + 2)) swaps of nbd under ext4 (2 mid-workload): files md5-identical, fsck clean, resources unchanged ($(echo $after)), slab $NDRV_SLAB_DELTA kB, $NDRV_LEAKCHECK"
