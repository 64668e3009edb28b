# SPDX-License-Identifier: GPL-2.0
# desc: a planned swap (echo swap, no fault) under a 100 MB TCP transfer: md5-identical, no reset, no link flap seen, the interface unchanged; control: linkmon sees a link bounce made afterwards as the link going down
# nics: rtl8139,e1000
# matrix: NIC=e1000,8139too
# smp: 2
# timeout: 420
# expect: pass
# append: ndriver.hang_floor_ms=500
#
# The floor of the hang timeout is raised as in swap-admin: with 4 vCPUs
# on 2 host CPUs and 100 MB of TCP at 7-30 Mbit/s, the default floor
# broke a healthy e1000_clean() of the new driver 134 ms into the call,
# a vCPU the host had left waiting; what this test checks - a planned
# swap under a transfer, no driver taken for faulty - holds at 500 ms.

ndrv_net_pair "$NIC"
ndrv_net_admin_config
before=$(ndrv_net_identity)
ndrv_tcp_start 100
ndrv_linkmon_start
echo swap >"$NDRV_DEBUGFS/$DUT_PCI/swap" || ndrv_fail "the admin swap failed"

ndrv_tcp_finish "$NIC-swap"
ndrv_linkmon_check "the swap"
ndrv_log "$(dmesg | grep 'taken over' | tail -n 1)"
after=$(ndrv_net_identity)
[ "$after" = "$before" ] ||
	ndrv_fail "the interface changed across the swap: before [$(echo $before)] after [$(echo $after)]"
ndrv_expect_no_fault "a planned swap"
ndrv_metric "$NIC-swap-us" "$(($(ndrv_recovery_stat "$DUT_PCI" last.ts_ns) / 1000))" us
ndrv_linkmon_control
ndrv_pass "planned swap of $NIC under a transfer: 100 MB md5-identical, no reset, no link flap, $(ndrv_pci_driver "$DUT_PCI") drives $DUT_IF (ifindex $DUT_IFINDEX) unchanged; linkmon saw a later link bounce as down"
