# SPDX-License-Identifier: GPL-2.0
# desc: a silent failure on the receive side: mid-transfer, with TCP both ways, the guarded NIC's driver goes on receiving, counts what it receives and hands none of it to the stack (HOW=deaf: "deaf poll"), or gets no receive buffer any more and drops what arrives (HOW=starve: "stall poll"); nothing traps, no call overruns, its Tx queues keep completing. nDriver sees frames arrive by the device's counters with none handed up, recovers it as a stall at poll, and both 50 MB transfers complete md5-identical on an unchanged interface
# nics: rtl8139,e1000,vmxnet3
# matrix: NIC=8139too,8139cp,e1000,vmxnet3 HOW=deaf,starve
# exclude: NIC=e1000,HOW=starve -- QEMU's e1000 neither receives nor counts frames while its ring is empty: a refill stall shows no arrivals (Documentation/design.md, Receive stalls)
# smp: 2
# timeout: 420
# expect: pass
# append: ndriver.hang_floor_ms=500
# slices: 3
# sanitize: rxstall-net/e1000-deaf/*

ndrv_net_pair "$NIC"
[ "$(ndrv_state "$DUT_PCI")" = live ] ||
	ndrv_fail "$NIC is not guarded (no live instance in $NDRV_DEBUGFS/$DUT_PCI/state)"
before=$(ndrv_net_identity)

ndrv_bidir_start "${MB:-50}"
case $HOW in
deaf) ndrv_inject "$DUT_PCI" deaf poll ;;
starve) ndrv_inject "$DUT_PCI" stall poll ;;
esac
ndrv_wait_recoveries "$DUT_PCI" 1 60 ||
	ndrv_fail "no recovery of the $HOW driver: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
line=$(dmesg | grep "$DUT_PCI: .* stall: .* none was handed to the stack" | tail -n 1)
[ -n "$line" ] ||
	ndrv_fail "recovered, but not from a receive stall: $(dmesg | grep 'driver instance stopped' | tail -n 1)"
ndrv_log "$line"
stalled_us=$(echo "$line" | sed -n 's/.* arrived in \([0-9]*\) us.*/\1/p')

ndrv_bidir_finish "$NIC-$HOW-rxstall"
ndrv_log "$(dmesg | grep 'taken over' | tail -n 1)"
after=$(ndrv_net_identity)
[ "$after" = "$before" ] ||
	ndrv_fail "the interface changed across the swap: before [$(echo $before)] after [$(echo $after)]"
ndrv_metric "$NIC-$HOW-rxstall-detect-ms" "$((stalled_us / 1000))" ms
ndrv_pass "$NIC's driver stopped handing frames up mid-transfer ($HOW): receive stall seen after $((stalled_us / 1000)) ms, $(ndrv_pci_driver "$DUT_PCI") took over, $BIDIR_MB MB each way md5-identical"
