# SPDX-License-Identifier: GPL-2.0
# desc: the thesis' Figure 7: a 100 MB TCP transfer out of the guarded NIC survives a fault injected mid-transfer: md5-identical, no reset, no link flap seen (but for the link bounce of ENTRY=open); the interface keeps its ifindex, name, MAC, MTU, address, routes and multicast memberships
# nics: rtl8139,e1000,vmxnet3
# matrix: NIC=8139too,e1000,vmxnet3 TYPE=null,gp ENTRY=xmit,irq,poll,open,ethtool
# smp: 1 2
# smp-rotate: yes
# timeout: 420
# expect: pass
# append: ndriver.hang_floor_ms=500
# slices: 6
# sanitize: recover-tcp/e1000-null-xmit/* recover-tcp/8139too-gp-irq/*

ndrv_need_cmd ethtool
ndrv_need_tick_for "$TYPE" "$ENTRY"
ndrv_net_pair "$NIC"
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "$NIC is not guarded (no live instance in $NDRV_DEBUGFS/$DUT_PCI/state)"
ndrv_net_admin_config
bounced=
[ "$ENTRY" = open ] && bounced=1
before=$(ndrv_net_identity $bounced)

# MB: the size of the transfer (--set MB=10 on the slower sanitizer
# kernels); the fault is armed after the first fifth of it.
ndrv_tcp_start "${MB:-100}"
# A link bounce is seen, and is the test's own doing.
[ -n "$bounced" ] || ndrv_linkmon_start
ndrv_inject "$DUT_PCI" "$TYPE" "$ENTRY"
# The transfer itself calls xmit, irq and poll.
case $ENTRY in
open|ethtool) ndrv_net_trigger "$ENTRY" ;;
esac
ndrv_wait_recoveries "$DUT_PCI" 1 60 ||
	ndrv_fail "no recovery: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
echo off >"$NDRV_DEBUGFS/inject"

ndrv_tcp_finish "$NIC-$TYPE-$ENTRY"
[ -n "$bounced" ] || ndrv_linkmon_check "the recovery"
ndrv_irq_quiet "$DUT_PCI"
ndrv_taint_check "the contained fault"
ndrv_log "$(dmesg | grep 'taken over' | tail -n 1)"

after=$(ndrv_net_identity $bounced)
[ "$after" = "$before" ] ||
	ndrv_fail "the interface changed across the swap: before [$(echo $before)] after [$(echo $after)]"
ndrv_metric "$NIC-$TYPE-$ENTRY-swap-us" "$(($(ndrv_recovery_stat "$DUT_PCI" last.ts_ns) / 1000))" us
ndrv_pass "$TYPE at $ENTRY of $NIC mid-transfer: $XFER_MB MB md5-identical, no reset, $(ndrv_pci_driver "$DUT_PCI") took over $DUT_IF (ifindex $DUT_IFINDEX) unchanged"
