# SPDX-License-Identifier: GPL-2.0
# desc: the fault campaign's regression set: mutation faults inside the NIC driver (ndriver/mutate, named FUNCTION+OFFSET with the seed that picks register and bit) that ktest/campaign.sh found detected and recovered, each under TCP both ways until it fires and a round after; every one must again be recovered (or do no harm) with both transfers md5-identical, no kernel report, and the NIC working after a planned swap; at most a quarter may go unactivated (paths such as the watchdog's run every 2 s)
# nics: rtl8139,e1000
# matrix: NIC=e1000,8139too,8139cp
# smp: 2
# timeout: 300
# expect: pass
# slices: 3

# The set, per driver: KIND FUNCTION+OFFSET SEED. Offsets are those of
# the pinned tree built with Debian bookworm's gcc and config/*.config;
# scripts/test.sh builds the same.
case $NIC in
e1000)
	set -- \
		call e1000_unmap_and_free_tx_resource+0x3f 1000005 \
		reg-flip dma_map_single_attrs.constprop.0+0xb 1000007 \
		reg-zero dma_map_single_attrs.constprop.0+0x60 1000008 \
		reg-zero e1000_xmit_frame+0x9af 1000015 \
		reg-wild e1000_check_polarity+0x1 1000016 \
		skip e1000_read_phy_reg+0xf 1000031 \
		call e1000_clean_rx_irq+0xb9 1000033 \
		skip e1000_unmap_and_free_tx_resource+0x1b 1000038 ;;
8139too)
	set -- \
		reg-zero rtl8139_start_xmit+0x73 1000001 \
		store rtl8139_start_xmit+0xaf 1000006 \
		reg-flip rtl8139_interrupt+0x49 1000007 \
		reg-wild rtl8139_isr_ack+0xc 1000009 \
		reg-flip rtl8139_get_stats64+0x61 1000014 ;;
8139cp)
	# The flags spin_lock_irqsave() saved, zeroed before the unlock
	# restores them: cp_get_stats() returns with interrupts (virtually)
	# off, which hung a 1-vCPU VM before the guard checked its returns.
	set -- \
		reg-zero cp_get_stats+0x17 1 \
		reg-zero cp_get_stats+0x17 2 ;;
*)
	ndrv_fail "no regression set for $NIC" ;;
esac
ndrv_mut_setup "$NIC" 2
[ "$(ndrv_mut_workload)" = ok ] || ndrv_fail "the workload fails with nothing injected"

n=0
recovered=0
idle=0
while [ $# -ge 3 ]; do
	ndrv_mut_fault "$n" "$1" "$2" "$3"
	case $MUT_OUTCOME in
	recovered) recovered=$((recovered + 1)) ;;
	# What some faults do depends on the data (a flipped bit in a
	# counter): no harm is no failure.
	no-effect) ;;
	not-activated) idle=$((idle + 1)) ;;
	*) ndrv_fail "fault $n ($1 at $2, seed $3): $MUT_OUTCOME, where the campaign saw it recovered" ;;
	esac
	n=$((n + 1))
	shift 3
done
[ $((idle * 4)) -le "$n" ] ||
	ndrv_fail "$idle of $n faults were not activated: the set no longer matches the driver's code (rebuilt with another compiler?)"
ndrv_pass "$recovered of $n mutation faults in $NIC recovered with TCP both ways intact, $((n - recovered - idle)) without effect, $idle not activated"
