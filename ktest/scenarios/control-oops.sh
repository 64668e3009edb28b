# SPDX-License-Identifier: GPL-2.0
# desc: control: an oops provoked in a driver (LKDTM BUG) must make the harness report a failed run
# nics:
# smp: 1
# timeout: 120
# expect: crash

ndrv_modprobe lkdtm
[ -w /sys/kernel/debug/provoke-crash/DIRECT ] ||
	ndrv_skip "LKDTM has no debugfs trigger (CONFIG_LKDTM, CONFIG_DEBUG_FS)"
ndrv_log "provoking BUG() in lkdtm"
ndrv_armed lkdtm "BUG() through provoke-crash/DIRECT"
echo BUG >/sys/kernel/debug/provoke-crash/DIRECT
# Only reached if the kernel survived the BUG(): the harness must then
# still see the oops on the console and fail the run.
ndrv_pass "kernel survived a BUG() in an unguarded driver"
