# SPDX-License-Identifier: GPL-2.0
# desc: a driver that keeps failing hits the storm policy: after storm_max recoveries in the window the device is left without a driver, the kernel says so, and an admin swap brings it back
# nics: rtl8139,e1000
# smp: 1
# timeout: 200
# expect: pass

ndrv_net_pair e1000
echo 3 >/sys/module/ndriver/parameters/storm_max ||
	ndrv_fail "cannot set ndriver.storm_max"
i=1
while [ $i -le 4 ]; do
	ndrv_inject "$DUT_PCI" null xmit
	ndrv_net_trigger xmit
	if [ $i -le 3 ]; then
		ndrv_wait_recoveries "$DUT_PCI" $i 30 ||
			ndrv_fail "fault $i was not recovered"
		ndrv_net_rejoin
	fi
	i=$((i + 1))
done
j=0
while [ "$(ndrv_recovery_stat "$DUT_PCI" given_up)" != 1 ] && [ $j -lt 300 ]; do
	sleep 0.1
	j=$((j + 1))
done
[ "$(ndrv_recovery_stat "$DUT_PCI" given_up)" = 1 ] ||
	ndrv_fail "the fourth fault in the window did not end in a give-up"
[ "$(ndrv_state "$DUT_PCI")" = none ] || ndrv_fail "the device still has a driver"
dmesg | grep -q "ndriver: $DUT_PCI: 3 recoveries in 60 s: giving up" ||
	ndrv_fail "no give-up message in the kernel log"
echo off >"$NDRV_DEBUGFS/inject"
echo swap >"$NDRV_DEBUGFS/$DUT_PCI/swap" || ndrv_fail "the admin swap after a give-up failed"
[ "$(ndrv_state "$DUT_PCI")" = live ] || ndrv_fail "no live driver after the admin swap"
ndrv_net_rejoin
ndrv_pass "3 recoveries, then a clean give-up; an admin swap brought $(ndrv_pci_driver "$DUT_PCI") back"
