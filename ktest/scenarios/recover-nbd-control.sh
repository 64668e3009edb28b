# SPDX-License-Identifier: GPL-2.0
# desc: control for recover-nbd: the same NULL dereference in nbd's queue_rq under the same workload, with nDriver guarding nothing, oopses; the harness must report the run as failed
# nics:
# matrix: TYPE=null ENTRY=queue_rq
# smp: 1
# timeout: 200
# expect: crash
# append: ndriver.guard=

ndrv_need_cmd nbd-server nbd-client mkfs.ext4 e2fsck
ndrv_nbd_start 128 persist
ndrv_nbd_fs_start 16 4
ndrv_nbd_fs_wait 4
ndrv_inject nbd0 "$TYPE" "$ENTRY"
ndrv_nbd_fs_check
ndrv_pass "the workload survived an unguarded $TYPE fault at $ENTRY: the injector did not fire"
