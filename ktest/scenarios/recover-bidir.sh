# SPDX-License-Identifier: GPL-2.0
# desc: the Figure 7 transfer in both directions at once: 50 MB of TCP out of the guarded NIC and 50 MB into it, concurrently, survive a fault injected mid-transfer: both md5-identical, no reset, and the next driver passes nDriver's check
# nics: rtl8139,e1000,vmxnet3
# matrix: NIC=8139cp,8139too,e1000,vmxnet3 CASE=null-xmit,divide-irq,bug-poll,gp-xmit,null-irq,divide-poll,bug-xmit,gp-irq,null-poll,divide-xmit,bug-irq,gp-poll
# smp: 2
# timeout: 480
# expect: pass
# append: ndriver.hang_floor_ms=500
# slices: 16
#
# CASE is a fault type at an entry point, every type at every entry once:
# a slice runs each NIC once, with its CASE in turn.

TYPE=${CASE%-*}
ENTRY=${CASE#*-}

ndrv_net_pair "$NIC"
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "$NIC is not guarded (no live instance in $NDRV_DEBUGFS/$DUT_PCI/state)"
ndrv_bidir_start "${MB:-50}"
ndrv_inject "$DUT_PCI" "$TYPE" "$ENTRY"
ndrv_wait_recoveries "$DUT_PCI" 1 60 ||
	ndrv_fail "no recovery: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
echo off >"$NDRV_DEBUGFS/inject"
ndrv_bidir_finish "$NIC-$TYPE-$ENTRY"
ndrv_log "$(dmesg | grep 'taken over' | tail -n 1)"
dmesg | grep -q "$DUT_PCI: .* verified: " ||
	ndrv_fail "the next driver was not verified: $(dmesg | grep -E 'verified|driver instance stopped' | tail -n 2 | tr '\n' ' ')"
ndrv_log "$(dmesg | grep ' verified: ' | tail -n 1)"
extra=$(dmesg | grep -c 'driver instance stopped' || true)
[ "$extra" -le 1 ] ||
	ndrv_log "$((extra - 1)) next driver(s) failed too and were replaced: $(dmesg | grep 'driver instance stopped' | tail -n 1)"
ndrv_pass "$TYPE at $ENTRY of $NIC with TCP both ways: $BIDIR_MB MB out and $BIDIR_MB MB in md5-identical, $(ndrv_pci_driver "$DUT_PCI") drives $DUT_IF"
