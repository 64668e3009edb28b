# SPDX-License-Identifier: GPL-2.0
# desc: nbd: ext4 on /dev/nbd0 served by nbd-server on 127.0.0.1; files written, remounted, read back md5-identical
# nics:
# smp: 1 2
# timeout: 300
# expect: pass

ndrv_need_cmd nbd-server nbd-client mkfs.ext4 e2fsck
ndrv_nbd_start 64
mkfs.ext4 -F -q /dev/nbd0 || ndrv_fail "mkfs.ext4 on /dev/nbd0 failed"
mkdir -p /mnt
mount -t ext4 /dev/nbd0 /mnt || ndrv_fail "cannot mount /dev/nbd0"
i=0
while [ $i -lt 8 ]; do
	ndrv_make_data "/tmp/src.$i" 4 >"/tmp/src.$i.md5"
	cp "/tmp/src.$i" "/mnt/file.$i" || ndrv_fail "writing /mnt/file.$i failed"
	i=$((i + 1))
done
sync
umount /mnt || ndrv_fail "umount /mnt failed"
e2fsck -fn /dev/nbd0 >/tmp/fsck.log 2>&1 || { cat /tmp/fsck.log; ndrv_fail "e2fsck found errors"; }
mount -t ext4 -o ro /dev/nbd0 /mnt || ndrv_fail "cannot mount /dev/nbd0 again"
i=0
while [ $i -lt 8 ]; do
	got=$(md5sum <"/mnt/file.$i" | cut -d' ' -f1)
	[ "$got" = "$(cat "/tmp/src.$i.md5")" ] || ndrv_fail "/mnt/file.$i read back differs"
	i=$((i + 1))
done
umount /mnt
ndrv_nbd_stop
ndrv_pass "32 MB in 8 files on ext4 over nbd read back md5-identical, fsck clean"
