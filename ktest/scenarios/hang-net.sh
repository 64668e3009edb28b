# SPDX-License-Identifier: GPL-2.0
# desc: a hang injected into a guarded NIC driver (a loop with interrupts on, one with interrupts off, a self-deadlock) is detected within milliseconds and recovered like an exception: no lockup report, the detection latency is printed, the same interface works on under the next driver
# nics: rtl8139,e1000,vmxnet3
# matrix: NIC=8139cp,e1000,vmxnet3 TYPE=loop-irqon,loop-irqoff,deadlock ENTRY=xmit,irq,poll,work,ethtool
# smp: 1 2
# smp-rotate: yes
# timeout: 150
# expect: pass
# append: ndriver.stall_floor_ms=0
# exclude: NIC=8139cp,ENTRY=work -- 8139cp has no work item or timer to hang in
# exclude: NIC=vmxnet3,ENTRY=work -- vmxnet3's only work item runs after a Tx timeout
# slices: 6
#
# Stall detection off: a hang that also stops the device's completions
# (a spin with interrupts off on the CPU that takes them) is otherwise
# recovered as a Tx stall after about 100 ms, before the timeout of an
# entry that may sleep (2 s of CPU time); this scenario checks the hang
# detector, stall-net the stall watch.

ndrv_need_cmd ethtool
ncpu=$(grep -c '^processor' /proc/cpuinfo)
irqoff=
ndrv_hang_irqoff "$TYPE" "$ENTRY" && irqoff=1
virq=
ndrv_virq_on && virq=1
case $NIC-$ENTRY in
8139cp-work) ndrv_skip "8139cp has no work item or timer to hang in" ;;
vmxnet3-work) ndrv_skip "vmxnet3's only work item runs after a Tx timeout" ;;
esac
ndrv_need_tick_for "$TYPE" "$ENTRY"

ndrv_net_pair "$NIC"
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "$NIC is not guarded (no live instance in $NDRV_DEBUGFS/$DUT_PCI/state)"
# Let the averages of the entry points build up before the hang.
ndrv_in dut ping -c 20 -i 0.05 -W 1 "$NDRV_PEER_ADDR" >/dev/null 2>&1 || true
ndrv_log "timeouts: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/timeouts")"
key=faults.hang.$ENTRY
before=$(ndrv_stat "$DUT_PCI" "$key")

ndrv_inject "$DUT_PCI" "$TYPE" "$ENTRY"
case $ENTRY in
work) sleep 3 ;;	# e1000's watchdog work runs every 2 s by itself
*) ndrv_net_trigger "$ENTRY" ;;
esac
ndrv_wait_recoveries "$DUT_PCI" 1 30 ||
	ndrv_fail "no recovery from a $TYPE at $ENTRY: $key=$(ndrv_stat "$DUT_PCI" "$key"), $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
echo off >"$NDRV_DEBUGFS/inject"

after=$(ndrv_stat "$DUT_PCI" "$key")
[ "$after" -eq $((before + 1)) ] ||
	ndrv_fail "$key went from $before to $after, expected one detected hang"
report=$(dmesg | grep "ndriver: $DUT_PCI: $NIC#[0-9]*: hang .* after [0-9]* us at .* in $ENTRY on CPU .*driver instance stopped" | tail -n 1)
[ -n "$report" ] || ndrv_fail "no hang report for $DUT_PCI in the kernel log"
us=$(echo "$report" | sed -n 's/.* after \([0-9]*\) us at .*/\1/p')
ndrv_metric "$NIC-$TYPE-$ENTRY-smp$ncpu-detect-ms" "$((us / 1000))" ms
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "the driver instance is '$(ndrv_state "$DUT_PCI")' after recovery, expected live"
ndrv_net_rejoin
ndrv_log "$(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/stats")"
[ -z "$virq" ] || ndrv_log "virq: $(tr '\n' ' ' <"$NDRV_DEBUGFS/virq")"
# A boot whose APIC timer lost its calibration ticks from the PIT: then
# virtual disabling ran the APIC timer itself, and the line says so.
note=
if [ -n "$irqoff" ] && [ -n "$virq" ] && [ "$(ndrv_no_apic_tick_cpus)" -ne 0 ]; then
	note=" (PIT tick: seen by nDriver's own APIC timer)"
fi
ndrv_pass "$TYPE at $ENTRY of $NIC detected after $((us / 1000)) ms and recovered, $(ndrv_pci_driver "$DUT_PCI") took over$note"
