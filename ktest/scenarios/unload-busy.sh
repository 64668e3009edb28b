# SPDX-License-Identifier: GPL-2.0
# desc: unload safety: while a failed guarded e1000 is recovered (its recovery held open by a reference to the module, as register_kprobe() takes one), rmmod and rmmod -f of it answer EBUSY and say why, a planned swap waits for the recovery and then swaps; once the recovery is over the fresh instance unloads normally, no oops
# nics: rtl8139,e1000
# smp: 2
# timeout: 180
# expect: pass

unload_ms=/sys/module/ndriver/parameters/unload_ms
[ -w "$NDRV_DEBUGFS/inject-hold-ms" ] ||
	ndrv_fail "no $NDRV_DEBUGFS/inject-hold-ms: the kernel lacks the injector's module hold"
ndrv_need_cmd rmmod
ndrv_net_pair e1000

# The recovery waits up to 3 s for references to the failed module; the
# injector holds one for 2 s from the fault.
ndrv_fault_held null xmit

# Failed, its recovery queued or running: no unload, forced or not.
if out=$(rmmod e1000 2>&1); then
	ndrv_fail "rmmod e1000 unloaded a failed driver during its recovery"
fi
ndrv_log "rmmod e1000: $out"
if out=$(rmmod -f e1000 2>&1); then
	ndrv_fail "rmmod -f e1000 unloaded a failed driver during its recovery"
fi
ndrv_log "rmmod -f e1000: $out"
dmesg | grep -q "e1000#[0-9]*: failed, and its recovery is not over: it cannot be unloaded now (EBUSY)" ||
	ndrv_fail "no kernel message saying why rmmod was refused"

# A planned swap now waits for the recovery, then swaps.
echo swap >"$NDRV_DEBUGFS/$DUT_PCI/swap" ||
	ndrv_fail "a planned swap during the recovery failed"
ndrv_fault_release
ndrv_wait_recoveries "$DUT_PCI" 2 30 ||
	ndrv_fail "recovery and swap did not both complete: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
echo 1000 >"$unload_ms"
ndrv_net_rejoin

# Over: the live instance unloads as any module does.
rmmod e1000 || ndrv_fail "rmmod e1000 failed after the recovery"
grep -q '^e1000 ' /proc/modules && ndrv_fail "e1000 is still loaded after rmmod"
ndrv_pass "rmmod and rmmod -f refused (EBUSY) during the recovery, the planned swap waited for it, rmmod worked after"
