# SPDX-License-Identifier: GPL-2.0
# desc: unload safety of the other modules of a recovery: a failed guarded 8139cp is replaced by its alternate 8139too while the recovery still waits to unload the failed module (held open by a reference, as register_kprobe() takes one); rmmod of the alternate that just took over works and leaves the device without a driver, rmmod of the failed module answers EBUSY, the recovery then ends without loading a standby for a device nobody drives; an alternate loaded on standby is unloaded as soon as a fault is contained, racing the recovery that binds it: either order ends in a report, no oops; afterwards every module unloads and 8139cp drives the NIC again, 10 MB each way over TCP md5-identical
# nics: rtl8139,e1000
# smp: 2
# timeout: 240
# expect: pass

unload_ms=/sys/module/ndriver/parameters/unload_ms
[ -w "$NDRV_DEBUGFS/inject-hold-ms" ] ||
	ndrv_fail "no $NDRV_DEBUGFS/inject-hold-ms: the kernel lacks the injector's module hold"
ndrv_need_cmd rmmod
ndrv_net_pair 8139cp
alts=$NDRV_DEBUGFS/$DUT_PCI/alternates

# rebind: with no driver on the DUT, load 8139cp; its new interface goes
# to the dut namespace and reaches the peer.
rebind() {
	[ "$(ndrv_pci_driver "$DUT_PCI")" = none ] ||
		ndrv_fail "$DUT_PCI is still driven by $(ndrv_pci_driver "$DUT_PCI")"
	ndrv_modprobe 8139cp
	ndrv_net_adopt "modprobe 8139cp"
}

# 1. The alternate that took over is unloaded while the recovery waits
# for the failed module. 8139too is loaded only from its kept image.
rmmod 8139too || ndrv_fail "cannot unload 8139too, which drives nothing yet"
echo 8139cp 8139too >"$alts" || ndrv_fail "cannot set the alternates to 8139cp 8139too"
ndrv_fault_held null xmit
ndrv_wait_dmesg "ndriver: $DUT_PCI: recovered: 8139cp#[0-9]* replaced by 8139too" 10 \
	"8139too did not take over"
if out=$(rmmod 8139cp 2>&1); then
	ndrv_fail "rmmod 8139cp unloaded the failed driver while its recovery waited for it"
fi
ndrv_log "rmmod 8139cp during the recovery: $out"
rmmod 8139too || ndrv_fail "rmmod of 8139too, live and driving the device, failed during the recovery"
ndrv_log "8139too unloaded during the recovery"
ndrv_fault_release
ndrv_wait_dmesg ": unloaded after waiting [0-9]* ms for references to its module" 10 \
	"the failed 8139cp was not unloaded"
sleep 1
dmesg | grep -q "ndriver: $DUT_PCI: 8139cp loaded, on standby" &&
	ndrv_fail "8139cp was loaded on standby for a device nobody drives: loading it bound the device"
grep -q '^8139cp ' /proc/modules && ndrv_fail "the failed 8139cp is still loaded"
echo 1000 >"$unload_ms"
rebind
ndrv_log "alternate unloaded during the recovery: no standby, 8139cp reloaded by hand"

# 2. The standby is unloaded while a fault's recovery binds it: the
# recovery either loads it again from its kept image or finds it gone.
ndrv_modprobe 8139too bind_cplus=1
[ "$(ndrv_pci_driver "$DUT_PCI")" = 8139cp ] ||
	ndrv_fail "loading 8139too took $DUT_PCI from 8139cp"
before=$(($(ndrv_recovery_stat "$DUT_PCI" recoveries) + $(ndrv_recovery_stat "$DUT_PCI" recovery_errors)))
ndrv_fault_held null xmit
i=0
until rmmod 8139too 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 500 ] || ndrv_fail "8139too could not be unloaded for 10 s during and after the recovery"
	sleep 0.02
done
ndrv_fault_release
i=0
while [ $(($(ndrv_recovery_stat "$DUT_PCI" recoveries) + $(ndrv_recovery_stat "$DUT_PCI" recovery_errors))) -le "$before" ]; do
	i=$((i + 1))
	[ $i -lt 300 ] || ndrv_fail "the recovery did not end: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
	sleep 0.1
done
ndrv_wait_dmesg "ndriver: $DUT_PCI: \(recovered: \|8139too could not take over\)" 10 \
	"no report of the recovery"
ndrv_log "standby unloaded during the recovery: $(dmesg | grep -m 1 "ndriver: $DUT_PCI: \(recovered: \|8139too could not take over\)")"

# Over: every module unloads (the failed 8139cp once its recovery has
# unloaded it), and 8139cp drives the NIC again.
for m in 8139too 8139cp; do
	i=0
	while grep -q "^$m " /proc/modules && ! rmmod "$m" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 50 ] || ndrv_fail "rmmod $m still fails 10 s after the recovery: $(rmmod "$m" 2>&1)"
		sleep 0.2
	done
done
echo 1000 >"$unload_ms"
rebind
ndrv_bidir_start 10
ndrv_bidir_finish "after the unloads"
ndrv_pass "the alternate unloaded during its recovery: failed 8139cp EBUSY, no standby load; the standby unloaded while a recovery bound it: reported, no oops; 8139cp reloaded moved 10 MB each way over TCP, md5-identical"
