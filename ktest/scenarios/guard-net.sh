# SPDX-License-Identifier: GPL-2.0
# desc: an exception injected into a guarded NIC driver is contained: no oops, the counters show the fault, the failed instance is replaced, the system keeps running
# nics: rtl8139,e1000
# matrix: NIC=8139cp,e1000 TYPE=null,divide,bug,gp ENTRY=xmit,irq,poll,open,ethtool
# smp: 1 2
# smp-rotate: yes
# timeout: 120
# expect: pass
# slices: 4

ndrv_need_cmd ethtool
ndrv_net_pair "$NIC"
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "$NIC is not guarded (no live instance in $NDRV_DEBUGFS/$DUT_PCI/state)"
key=faults.$(ndrv_fault_key "$TYPE").$ENTRY
before=$(ndrv_stat "$DUT_PCI" "$key")

ndrv_trace_start
ndrv_inject "$DUT_PCI" "$TYPE" "$ENTRY"
ndrv_net_trigger "$ENTRY"
# The count is read once the instance is replaced, not after a fixed
# pause: a second fault would have been counted by then as well.
ndrv_wait_recoveries "$DUT_PCI" 1 30 ||
	ndrv_fail "the failed instance was not replaced ($key went from $before to $(ndrv_stat "$DUT_PCI" "$key")): $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
echo off >"$NDRV_DEBUGFS/inject"
after=$(ndrv_stat "$DUT_PCI" "$key")
[ "$after" -eq $((before + 1)) ] ||
	ndrv_fail "$key went from $before to $after, expected one contained fault"
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "the driver instance is '$(ndrv_state "$DUT_PCI")' after recovery, expected live"
# The same fault, as a tracing user sees it.
ndrv_trace_expect ndrv_fault "dev=$DUT_PCI driver=$NIC#[0-9]+ entry=$ENTRY .*first=1"
dmesg | grep -q "ndriver: $DUT_PCI: $NIC#[0-9]*: .* in $ENTRY on CPU .*driver instance stopped" ||
	ndrv_fail "no containment report for $DUT_PCI in the kernel log"
ndrv_taint_check "the contained fault"
# The rest of the system runs on: the file system, the device under its
# new driver, reached from both ends.
echo ok >/tmp/alive && [ "$(cat /tmp/alive)" = ok ] || ndrv_fail "tmpfs stopped working"
ndrv_net_rejoin
ndrv_wait_ping peer "$NDRV_DUT_ADDR" 10 ||
	ndrv_fail "the peer does not reach $NDRV_DUT_ADDR on $DUT_IF after the swap"
ndrv_log "$(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/stats")"
ndrv_pass "$TYPE at $ENTRY of $NIC contained ($key=$after), $(ndrv_pci_driver "$DUT_PCI") took over"
