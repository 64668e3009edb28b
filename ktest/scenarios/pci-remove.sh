# SPDX-License-Identifier: GPL-2.0
# desc: device lifetime: a guarded e1000 removed from its PCI slot (sysfs remove) takes its nDriver device and debugfs directory with it; rescanned, it starts afresh (no recovery counted) and a fault on it is recovered; removed while its recovery is held open, the recovery ends cleanly without a driver for the gone device, no oops, and a rescan brings the NIC back to work; unbound (sysfs) while its recovery is held open, the recovery binds the next driver all the same
# nics: rtl8139,e1000
# smp: 2
# timeout: 240
# expect: pass
# sanitize: pci-remove/*

unload_ms=/sys/module/ndriver/parameters/unload_ms
[ -w "$NDRV_DEBUGFS/inject-hold-ms" ] ||
	ndrv_fail "no $NDRV_DEBUGFS/inject-hold-ms: the kernel lacks the injector's module hold"
ndrv_net_pair e1000

# pci_remove: remove the DUT from its slot; its nDriver directory goes too.
pci_remove() {
	echo 1 >"/sys/bus/pci/devices/$DUT_PCI/remove" ||
		ndrv_fail "cannot remove $DUT_PCI"
	[ ! -e "/sys/bus/pci/devices/$DUT_PCI" ] ||
		ndrv_fail "$DUT_PCI is still there after its removal"
}

# pci_rescan: bring the DUT back, bound to e1000, its new interface in
# the dut namespace with its address, reaching the peer.
pci_rescan() {
	local i=0

	echo 1 >/sys/bus/pci/rescan || ndrv_fail "cannot rescan the PCI bus"
	until [ "$(ndrv_pci_driver "$DUT_PCI")" = e1000 ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || ndrv_fail "$DUT_PCI is not bound to e1000 10 s after a rescan (bound: $(ndrv_pci_driver "$DUT_PCI"))"
		sleep 0.1
	done
	ndrv_net_adopt "the rescan"
}

# fault_recovered: a NULL dereference at xmit, recovered in place.
fault_recovered() {
	ndrv_inject "$DUT_PCI" null xmit
	ndrv_net_trigger xmit
	ndrv_wait_recoveries "$DUT_PCI" 1 30 ||
		ndrv_fail "no recovery of $DUT_PCI: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery" 2>&1)"
	echo off >"$NDRV_DEBUGFS/inject"
	ndrv_net_rejoin
}

# 1. A device with history: one recovery counted.
fault_recovered

# 2. Removed: its nDriver device goes with it.
pci_remove
[ ! -e "$NDRV_DEBUGFS/$DUT_PCI" ] ||
	ndrv_fail "$NDRV_DEBUGFS/$DUT_PCI is still there after the device was removed: its nDriver device was kept"

# 3. Back: fresh counters, and a fault on it is recovered.
pci_rescan
[ -r "$NDRV_DEBUGFS/$DUT_PCI/recovery" ] ||
	ndrv_fail "the rescanned $DUT_PCI has no $NDRV_DEBUGFS/$DUT_PCI/recovery"
n=$(ndrv_recovery_stat "$DUT_PCI" recoveries)
[ "$n" = 0 ] ||
	ndrv_fail "the rescanned $DUT_PCI counts $n recoveries: the removed device's state was kept"
fault_recovered
ndrv_log "removed, rescanned: fresh nDriver device, and a fault on it recovered"

# 4. Removed while its recovery is held open (the injector holds the
# module for 2 s, the recovery waits up to 3 s for it).
ndrv_fault_held null xmit
pci_remove
ndrv_log "removed during its recovery"
ndrv_fault_release
# The recovery ends: the failed e1000 undone and unloaded, a fresh one
# loaded, with no device to bind.
ndrv_wait_dmesg "ndriver: $DUT_PCI: removed from its bus during the recovery: no driver bound" 15 \
	"the recovery did not end after the device's removal"
grep -q '^e1000 .* Live ' /proc/modules ||
	ndrv_fail "no e1000 loaded after the recovery: $(grep '^e1000 ' /proc/modules)"
echo 1000 >"$unload_ms"

# 5. Back again, and it works.
pci_rescan
n=$(ndrv_recovery_stat "$DUT_PCI" recoveries)
[ "$n" = 0 ] ||
	ndrv_fail "the rescanned $DUT_PCI counts $n recoveries after a removal during its recovery"

# 6. Unbound (sysfs unbind) while its recovery is held open: the device
# stays the failed instance's until the recovery binds the next driver.
ndrv_fault_held null xmit
echo "$DUT_PCI" >/sys/bus/pci/drivers/e1000/unbind 2>/dev/null ||
	ndrv_log "unbind during the recovery: the device was unbound already (the undo's)"
ndrv_fault_release
ndrv_wait_recoveries "$DUT_PCI" 1 30 ||
	ndrv_fail "no recovery after an unbind during it: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
[ "$(ndrv_pci_driver "$DUT_PCI")" = e1000 ] ||
	ndrv_fail "$DUT_PCI is not bound to e1000 after its recovery (bound: $(ndrv_pci_driver "$DUT_PCI"))"
echo 1000 >"$unload_ms"
ndrv_net_rejoin

ndrv_bidir_start 10
ndrv_bidir_finish "after the rescan"
ndrv_pass "the removed e1000's nDriver device went with it; rescanned it started afresh and recovered from a fault; removed during a recovery, nothing oopsed and a rescan brought it back; unbound during a recovery, the recovery bound the next driver (10 MB each way over TCP, md5-identical)"
