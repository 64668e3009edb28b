# SPDX-License-Identifier: GPL-2.0
# desc: kept images under the module policy: an admin's new load of a guarded module replaces the image nDriver keeps; with kernel.modules_disabled=1 a fault's recovery undoes the driver but neither unloads nor loads a module, and gives up cleanly (EPERM, said in the log); the kernel runs on
# nics: rtl8139,e1000
# smp: 1
# timeout: 150
# expect: pass

# The admin loads e1000 again: the image kept at the first load must be
# replaced, so that a recovery never brings back an older build.
ndrv_modprobe e1000
rmmod e1000 || ndrv_fail "rmmod e1000 failed"
dmesg -c >/dev/null
ndrv_modprobe e1000
dmesg | grep -q "ndriver: e1000: kept its image (.*) for recovery, in place of the one kept before" ||
	ndrv_fail "the second load of e1000 did not replace its kept image: $(dmesg | grep 'kept its image' | tail -n 1)"
ndrv_net_pair e1000

# No module loads or unloads any more: the recovery undoes the failed
# e1000 but must neither unload it nor load a fresh one, and say why.
echo 1 >/proc/sys/kernel/modules_disabled ||
	ndrv_fail "cannot set kernel.modules_disabled"
ndrv_inject "$DUT_PCI" null xmit
ndrv_net_trigger xmit
ndrv_wait_recoveries "$DUT_PCI" 1 30 && ndrv_fail "a module was swapped with kernel.modules_disabled=1"
[ "$(ndrv_recovery_stat "$DUT_PCI" last.result)" = -1 ] ||
	ndrv_fail "the recovery did not end with -EPERM: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
dmesg | grep -q "cannot unload the failed driver (-1: module unloading is disabled (kernel.modules_disabled))" ||
	ndrv_fail "no kernel message saying why the failed e1000 was not unloaded"
grep -q '^e1000 ' /proc/modules || ndrv_fail "the failed e1000 was unloaded with kernel.modules_disabled=1"
# The rest of the system runs on.
echo ok >/tmp/alive && [ "$(cat /tmp/alive)" = ok ] || ndrv_fail "tmpfs stopped working"
ndrv_in peer ip link show >/dev/null || ndrv_fail "the peer's namespace stopped answering"
ndrv_pass "the admin's reload replaced e1000's kept image; with modules_disabled the recovery gave up with EPERM, the failed e1000 left loaded, and said so"
