# SPDX-License-Identifier: GPL-2.0
# desc: a fault in nbd under a mounted ext4 (128 MB): MB (64) of data written in 4 MB files with fsync while an exception or a hang is injected at queue_rq, the receive work or ioctl; a fresh nbd takes over the same /dev/nbd0, nbd-client reconnects, every file reads back md5-identical, the server's file matches the device, e2fsck is clean, no I/O error anywhere
# nics:
# matrix: TYPE=null,divide,bug,gp,loop-irqon,loop-irqoff,deadlock ENTRY=queue_rq,work,ioctl
# smp: 1 2
# smp-rotate: yes
# timeout: 300
# expect: pass
# slices: 5
# sanitize: recover-nbd/null-queue_rq/* recover-nbd/bug-work/*

ndrv_need_cmd nbd-server nbd-client mkfs.ext4 e2fsck /ndrv/bin/nbdioctl
ncpu=$(grep -c '^processor' /proc/cpuinfo)
ndrv_need_tick_for "$TYPE" "$ENTRY"
# The receive work is entered once per connection: fault it where it
# handles each reply.
point=$ENTRY
[ "$ENTRY" = work ] && point=work:nbd_handle_reply

ndrv_nbd_start 128 persist
[ "$(ndrv_state nbd0)" = live ] ||
	ndrv_fail "nbd is not guarded (no live instance in $NDRV_DEBUGFS/nbd0/state)"
# MB: the data written, in files of 4 MB (--set MB=10 on the slower
# sanitizer kernels: 16 MB, the least this test writes).
files=$((${MB:-64} / 4))
[ $files -ge 4 ] || files=4
ndrv_nbd_fs_start $files 4
# A quarter of the way in, the fault.
ndrv_nbd_fs_wait $((files / 4))
ndrv_inject nbd0 "$TYPE" "$point"
# The workload calls queue_rq and the receive work; an ioctl it calls
# here, one nbd ignores (NBD_CLEAR_QUE). It must not fail: it is made
# again on the next driver.
if [ "$ENTRY" = ioctl ]; then
	/ndrv/bin/nbdioctl /dev/nbd0 || ndrv_fail "the ioctl the fault hit failed"
fi
ndrv_wait_recoveries nbd0 1 90 ||
	ndrv_fail "no recovery: $(tr '\n' ' ' <"$NDRV_DEBUGFS/nbd0/recovery") front: $(tr '\n' ' ' <"$NDRV_DEBUGFS/nbd0/front")"
echo off >"$NDRV_DEBUGFS/inject"
ndrv_nbd_fs_check
ndrv_log "front: $(tr '\n' ' ' <"$NDRV_DEBUGFS/nbd0/front")"
[ "$(sed -n 's/^expired //p' "$NDRV_DEBUGFS/nbd0/front")" = 0 ] ||
	ndrv_fail "held requests expired"
stall=$(sed -n 's/^last.stall_ns //p' "$NDRV_DEBUGFS/nbd0/front")
ndrv_metric "nbd-$TYPE-$ENTRY-smp$ncpu-stall-ms" "$((stall / 1000000))" ms
# A hang is held from its detection: say how long that took.
us=$(dmesg | sed -n 's/.*nbd#[0-9]*: hang .* after \([0-9]*\) us at .*/\1/p' | tail -n 1)
[ -z "$us" ] || ndrv_metric "nbd-$TYPE-$ENTRY-smp$ncpu-detect-ms" "$((us / 1000))" ms
ndrv_nbd_stop
ndrv_pass "$TYPE at $ENTRY of nbd under ext4: $((files * 4)) MB in $files files md5-identical, server file identical, fsck clean, I/O held $((stall / 1000000)) ms"
