# SPDX-License-Identifier: GPL-2.0
# desc: a failed driver whose module someone else holds for a moment (as register_kprobe() does while it arms a probe in it) is unloaded once the reference is dropped: before its fresh instance is loaded (the device waits), or after the next alternate took over (it does not wait); control: with ndriver.unload_ms=0 a fresh-instance recovery fails with -EWOULDBLOCK (-11), as it once did in CI, and the kernel says why
# nics: rtl8139,e1000
# smp: 1
# timeout: 180
# expect: pass

hold=$NDRV_DEBUGFS/inject-hold-ms
unload_ms=/sys/module/ndriver/parameters/unload_ms
[ -w "$hold" ] || ndrv_fail "no $hold: the kernel lacks the injector's module hold"
[ -w "$unload_ms" ] || ndrv_fail "no $unload_ms: the kernel lacks the unload wait"
ndrv_net_pair 8139cp
alts=$NDRV_DEBUGFS/$DUT_PCI/alternates

# last_wait: the last unload wait the kernel reported, in ms.
last_wait() {
	dmesg | sed -n 's/.*: unloaded after waiting \([0-9]*\) ms for references to its module/\1/p' | tail -n 1
}

# fault N WHAT: a null fault at xmit with the module held for 300 ms;
# wait for recovery N.
fault() {
	echo 300 >"$hold"
	ndrv_inject "$DUT_PCI" null xmit
	ndrv_net_trigger xmit
	ndrv_wait_recoveries "$DUT_PCI" "$1" 30 ||
		ndrv_fail "$2: no recovery while the module was held for 300 ms: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
	echo 0 >"$hold"
	echo off >"$NDRV_DEBUGFS/inject"
}

# 1. A fresh instance of 8139cp: the failed one is unloaded first, so the
# swap waits for the held module.
echo 8139cp >"$alts" || ndrv_fail "cannot set the alternates to 8139cp alone"
fault 1 "fresh instance"
waited=$(last_wait)
[ -n "$waited" ] || ndrv_fail "fresh instance: the recovery did not report its wait for the held module"
[ "$waited" -ge 200 ] ||
	ndrv_fail "fresh instance: the recovery waited $waited ms for a module held for 300 ms"
ts=$(($(ndrv_recovery_stat "$DUT_PCI" last.ts_ns) / 1000000))
[ "$ts" -ge 200 ] || ndrv_fail "fresh instance: Ts $ts ms does not count the $waited ms wait"
[ "$(ndrv_pci_driver "$DUT_PCI")" = 8139cp ] ||
	ndrv_fail "fresh instance: $(ndrv_pci_driver "$DUT_PCI") took over, not 8139cp"
ndrv_metric unload-wait "$waited" ms
ndrv_net_rejoin

# 2. 8139too takes over: the failed 8139cp is unloaded after, so the swap
# does not wait; the unload still does, and 8139cp is loaded again, on
# standby.
echo 8139cp 8139too >"$alts" || ndrv_fail "cannot set the alternates to 8139cp 8139too"
dmesg -c >/dev/null
fault 2 "alternate"
[ "$(ndrv_pci_driver "$DUT_PCI")" = 8139too ] ||
	ndrv_fail "alternate: $(ndrv_pci_driver "$DUT_PCI") took over, not 8139too"
ts2=$(($(ndrv_recovery_stat "$DUT_PCI" last.ts_ns) / 1000000))
[ "$ts2" -lt 200 ] ||
	ndrv_fail "alternate: Ts $ts2 ms: 8139too waited for the held 8139cp before it took over"
waited2=$(last_wait)
[ -n "$waited2" ] && [ "$waited2" -ge 200 ] ||
	ndrv_fail "alternate: the failed 8139cp was not unloaded after waiting for its reference (${waited2:-no report})"
dmesg | grep -A 1000 ': recovered: 8139cp#' | grep -q 'unloaded after waiting' ||
	ndrv_fail "alternate: the unload came before the recovery's report, not after the takeover"
dmesg | grep -q ': 8139cp loaded, on standby for the next recovery' ||
	ndrv_fail "alternate: 8139cp was not loaded again on standby"
ndrv_metric unload-wait-after "$waited2" ms
ndrv_net_rejoin

# Control: a fresh instance of 8139too, no wait; the held module cannot
# be unloaded.
echo 8139too >"$alts" || ndrv_fail "cannot set the alternates to 8139too alone"
echo 0 >"$unload_ms"
echo 300 >"$hold"
ndrv_inject "$DUT_PCI" null xmit
ndrv_net_trigger xmit
# Ends at the expected error (status 1) or a third recovery, judged below.
ndrv_wait_recoveries "$DUT_PCI" 3 30 || :
echo 1000 >"$unload_ms"
echo 0 >"$hold"
echo off >"$NDRV_DEBUGFS/inject"
[ "$(ndrv_recovery_stat "$DUT_PCI" recoveries)" = 2 ] ||
	ndrv_fail "control: the recovery unloaded a module held by someone else without waiting"
[ "$(ndrv_recovery_stat "$DUT_PCI" last.result)" = -11 ] ||
	ndrv_fail "control: the recovery did not end with -EWOULDBLOCK: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
dmesg | grep -q "cannot unload the failed driver (-11: references to it were still held" ||
	ndrv_fail "control: no message about the held module in the kernel log"
ndrv_pass "module held 300 ms at the fault: fresh 8139cp after a $waited ms wait (Ts $ts ms); 8139too took over in Ts $ts2 ms, the failed 8139cp unloaded $waited2 ms later and back on standby; control (unload_ms=0): -EWOULDBLOCK, said in the log"
