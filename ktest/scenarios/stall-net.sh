# SPDX-License-Identifier: GPL-2.0
# desc: a silent failure: mid-transfer the guarded NIC's device stops interrupting its driver (its interrupt lines are disabled; nothing traps, no call overruns); nDriver sees the Tx stall within its bound and recovers: the 100 MB TCP transfer completes md5-identical, the interface is unchanged, and the kernel's NETDEV WATCHDOG never fires
# nics: rtl8139,e1000,vmxnet3
# matrix: NIC=8139too,8139cp,e1000,vmxnet3
# smp: 2
# timeout: 420
# expect: pass
# slices: 2
# append: ndriver.hang_floor_ms=500
# sanitize: stall-net/e1000/*

ndrv_need_cmd ethtool
ndrv_net_pair "$NIC"
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "$NIC is not guarded (no live instance in $NDRV_DEBUGFS/$DUT_PCI/state)"
before=$(ndrv_net_identity)

ndrv_tcp_start "${MB:-100}"
ndrv_inject "$DUT_PCI" stall irq
ndrv_wait_recoveries "$DUT_PCI" 1 60 ||
	ndrv_fail "no recovery after the stall: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
line=$(dmesg | grep 'stall: Tx queue' | tail -n 1)
[ -n "$line" ] ||
	ndrv_fail "recovered, but not from a stall: $(dmesg | grep 'driver instance stopped' | tail -n 1)"
ndrv_log "$line"
stalled_us=$(echo "$line" | sed -n 's/.* no progress for \([0-9]*\) us.*/\1/p')

ndrv_tcp_finish "$NIC-stall"
ndrv_log "$(dmesg | grep 'taken over' | tail -n 1)"
! dmesg | grep -q 'NETDEV WATCHDOG' ||
	ndrv_fail "the kernel's Tx watchdog fired: $(dmesg | grep 'NETDEV WATCHDOG' | head -n 1)"
after=$(ndrv_net_identity)
[ "$after" = "$before" ] ||
	ndrv_fail "the interface changed across the swap: before [$(echo $before)] after [$(echo $after)]"
ndrv_metric "$NIC-stall-detect-ms" "$((stalled_us / 1000))" ms
ndrv_pass "$NIC's device stopped interrupting mid-transfer: stall seen after $((stalled_us / 1000)) ms, $(ndrv_pci_driver "$DUT_PCI") took over, $XFER_MB MB md5-identical, no NETDEV WATCHDOG"
