# SPDX-License-Identifier: GPL-2.0
# desc: a failed driver whose module someone else holds for a moment (as register_kprobe() does while it arms a probe in it) is unloaded once the reference is dropped, and the device recovers; control: with ndriver.unload_ms=0 the same recovery fails with -EWOULDBLOCK (-11), as it once did in CI, and the kernel says why
# nics: rtl8139,e1000
# smp: 1
# timeout: 150
# expect: pass

hold=$NDRV_DEBUGFS/inject-hold-ms
unload_ms=/sys/module/ndriver/parameters/unload_ms
[ -w "$hold" ] || ndrv_fail "no $hold: the kernel lacks the injector's module hold"
[ -w "$unload_ms" ] || ndrv_fail "no $unload_ms: the kernel lacks the unload wait"
ndrv_net_pair 8139cp

# The fault holds the module for 300 ms; the recovery waits for it.
echo 300 >"$hold"
ndrv_inject "$DUT_PCI" null xmit
ndrv_net_trigger xmit
ndrv_wait_recoveries "$DUT_PCI" 1 30 ||
	ndrv_fail "no recovery while the module was held for 300 ms: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
waited=$(dmesg | sed -n 's/.*: unloaded after waiting \([0-9]*\) ms for references to its module/\1/p' | tail -n 1)
[ -n "$waited" ] || ndrv_fail "the recovery did not report its wait for the held module"
[ "$waited" -ge 200 ] ||
	ndrv_fail "the recovery waited $waited ms for a module held for 300 ms"
ndrv_metric unload-wait "$waited" ms
ndrv_net_rejoin
to=$(ndrv_pci_driver "$DUT_PCI")

# Control: no wait; the held module cannot be unloaded.
echo 0 >"$unload_ms"
ndrv_inject "$DUT_PCI" null xmit
ndrv_net_trigger xmit
# Ends at the expected error (status 1) or a second recovery, judged below.
ndrv_wait_recoveries "$DUT_PCI" 2 30 || :
echo 1000 >"$unload_ms"
echo 0 >"$hold"
echo off >"$NDRV_DEBUGFS/inject"
[ "$(ndrv_recovery_stat "$DUT_PCI" recoveries)" = 1 ] ||
	ndrv_fail "control: the recovery unloaded a module held by someone else without waiting"
[ "$(ndrv_recovery_stat "$DUT_PCI" last.result)" = -11 ] ||
	ndrv_fail "control: the recovery did not end with -EWOULDBLOCK: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
dmesg | grep -q "cannot unload the failed driver (-11: other modules or references hold it" ||
	ndrv_fail "control: no message about the held module in the kernel log"
ndrv_pass "8139cp's module held 300 ms at the fault: unloaded after $waited ms, $to took over; control (unload_ms=0): -EWOULDBLOCK, said in the log"
