# SPDX-License-Identifier: GPL-2.0
# desc: containment scope: the guarded e1000's own NULL dereference, and a NULL pointer it hands a kernel function, are contained and recovered; then a kernel corruption report (list) or hardening report (usercopy) inside the same driver's call is not: the kernel oopses and oops=panic ends the boot, which the harness must see
# nics: rtl8139,e1000
# matrix: HOW=list,usercopy
# smp: 1
# timeout: 150
# expect: crash
# crash: list_del corruption|kernel BUG at .*mm/usercopy\.c

# The first half passes or fails like any scenario (ndrv_fail ends the
# run with a FAIL that is no crash, and the control then fails too).
ndrv_net_pair e1000
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "e1000 is not guarded (no live instance in $NDRV_DEBUGFS/$DUT_PCI/state)"
n=0
for type in null null-callee; do
	ndrv_inject "$DUT_PCI" "$type" xmit
	ndrv_net_trigger xmit
	n=$((n + 1))
	ndrv_wait_recoveries "$DUT_PCI" $n 30 ||
		ndrv_fail "a $type fault at xmit was not contained and recovered: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
	echo off >"$NDRV_DEBUGFS/inject"
	ndrv_net_rejoin
done
dmesg | grep -q "ndriver: $DUT_PCI: e1000#[0-9]*: NULL pointer access .* at sysfs_streq+" ||
	ndrv_fail "no containment report of the NULL dereference in sysfs_streq(), the kernel function e1000 was made to call"
ndrv_taint_check "the contained faults"
ndrv_log "contained: the driver's own NULL dereference and one in a kernel function it called"

# The same driver, the same entry point: the kernel's own check finds
# corrupted memory (or a copy out of kernel text) inside the call. The
# kernel must oops; reaching the end below means it was contained.
ndrv_inject "$DUT_PCI" "$HOW" xmit
ndrv_net_trigger xmit
sleep 2
ndrv_pass "the $HOW report inside e1000's xmit was contained, not left to the oops path"
