# SPDX-License-Identifier: GPL-2.0
# desc: after an injected fault the device is driven by its next alternate (8139too <-> 8139cp) or a fresh e1000; the failed module is unloaded, its resources released, the new driver works
# nics: rtl8139,e1000
# matrix: NIC=8139too,8139cp,e1000
# smp: 1 2
# timeout: 150
# expect: pass

ndrv_need_cmd ethtool
case $NIC in
8139too) next=8139cp ;;
8139cp) next=8139too ;;
*) next=$NIC ;;
esac
ndrv_net_pair "$NIC"
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "$NIC is not guarded (no live instance in $NDRV_DEBUGFS/$DUT_PCI/state)"
ndrv_log "alternates: $(cat "$NDRV_DEBUGFS/$DUT_PCI/alternates")"
old_inst=$(sed -n 's/^driver: //p' "$NDRV_DEBUGFS/$DUT_PCI/state")

ndrv_trace_start
ndrv_inject "$DUT_PCI" null xmit
ndrv_net_trigger xmit
ndrv_wait_recoveries "$DUT_PCI" 1 30 ||
	ndrv_fail "no recovery: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
echo off >"$NDRV_DEBUGFS/inject"

drv=$(ndrv_pci_driver "$DUT_PCI")
[ "$drv" = "$next" ] || ndrv_fail "$DUT_PCI is driven by '$drv', expected $next"
[ "$(ndrv_state "$DUT_PCI")" = live ] || ndrv_fail "the new instance is not live"
new_inst=$(sed -n 's/^driver: //p' "$NDRV_DEBUGFS/$DUT_PCI/state")
[ "$new_inst" != "$old_inst" ] || ndrv_fail "still driven by the failed instance $old_inst"
# The recovery, as a tracing user sees it: from the failed instance to
# the next driver, without an error.
ndrv_trace_expect ndrv_recovery "dev=$DUT_PCI from=$NIC[^ ]* to=$next[^ ]* .*result=0"
if [ "$next" != "$NIC" ]; then
	# The failed instance is gone; the module may be back, on standby
	# (a new instance, bound to nothing).
	if grep -q "^$NIC " /proc/modules; then
		dmesg | grep -q "$DUT_PCI: $NIC loaded, on standby" ||
			ndrv_fail "the failed module $NIC is still loaded, not on standby"
		standby=$(dmesg | sed -n "s/.*ndriver: \($NIC#[0-9]*\): guarded/\1/p" | tail -n 1)
		[ "$standby" != "$old_inst" ] ||
			ndrv_fail "the failed instance $old_inst is still loaded"
	fi
	! grep -q " $NIC\$" /proc/ioports /proc/iomem ||
		ndrv_fail "the failed $NIC still owns I/O resources: $(grep " $NIC\$" /proc/ioports /proc/iomem)"
fi
grep -q " $next\$" /proc/ioports /proc/iomem ||
	ndrv_fail "$next owns no I/O region of $DUT_PCI"
ndrv_net_rejoin
# The offloads are the new driver's: 8139too can neither segment nor
# insert VLAN tags (ethtool's names for them below). Kept from the
# failed 8139cp, they made 8139too drop every TSO frame it was sent.
if [ "$next" = 8139too ]; then
	for f in tcp-segmentation-offload tx-vlan-offload; do
		ndrv_in dut ethtool -k "$DUT_IF" | grep -q "^$f: off" ||
			ndrv_fail "$DUT_IF has $f on (or unknown) under 8139too, which cannot do it: the failed driver's offloads were kept"
	done
fi
! dmesg | grep -q 'mixed HW and IP checksum settings' ||
	ndrv_fail "the new driver's checksum offloads were mixed with the failed one's"
grep -q "$DUT_IF" /proc/interrupts || ndrv_fail "no interrupt line of $DUT_IF in /proc/interrupts"
ndrv_irq_quiet "$DUT_PCI"
ndrv_log "$(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
ndrv_metric undo-us "$(($(ndrv_recovery_stat "$DUT_PCI" last.tu_ns) / 1000))" us
ndrv_metric swap-us "$(($(ndrv_recovery_stat "$DUT_PCI" last.ts_ns) / 1000))" us
ndrv_pass "$old_inst failed at xmit; $new_inst drives $DUT_PCI and reaches the peer"
