# SPDX-License-Identifier: GPL-2.0
# desc: admin swaps while another task reconfigures the interface without pause (MTU, promiscuity, multicast, the ethtool message level; ethtool and counter queries), and for 8139too first a fault in the probe of 8139cp after it was given the kept net_device: nothing oopses or deadlocks, no setting fails, and the settings made last are those of the driver that drives the interface in the end
# nics: rtl8139,e1000
# matrix: NIC=8139too,e1000
# smp: 2
# timeout: 400
# expect: pass
#
# Each swap hands the kept net_device to a driver whose probe sets
# dev->netdev_ops to its own table before it has finished setting up its
# private area; until its register_netdev() the interface is registered
# and up. The configuring task here is what would reach that driver
# unguarded, half set up, if nDriver did not hold RTNL over that window.

swaps=${SWAPS:-60}
ndrv_need_cmd ethtool
ndrv_net_pair "$NIC"
swap="$NDRV_DEBUGFS/$DUT_PCI/swap"
[ -w "$swap" ] || ndrv_fail "no $swap: is $NIC guarded?"

cat >/tmp/cfgloop.sh <<'EOF'
# cfgloop.sh IF: reconfigure IF until /tmp/cfg.stop appears; count the
# setters run and those that failed into /tmp/cfg.count.
IF=$1
n=0
err=0
while [ ! -e /tmp/cfg.stop ]; do
	for cmd in "ip link set dev $IF mtu 1400" "ip link set dev $IF mtu 1500" \
		"ip link set dev $IF promisc on" "ip link set dev $IF promisc off" \
		"ethtool -s $IF msglvl 0x3" "ethtool -s $IF msglvl 0x7" \
		"ip link set dev $IF multicast off" \
		"ip link set dev $IF multicast on"; do
		n=$((n + 1))
		$cmd >/dev/null 2>>/tmp/cfg.err || {
			err=$((err + 1))
			echo "[$cmd]" >>/tmp/cfg.err
		}
	done
	# Queries may fail while no driver is attached; they must not oops.
	ethtool -i "$IF" >/dev/null 2>&1
	ethtool "$IF" >/dev/null 2>&1
	cat /proc/net/dev >/dev/null
done
echo "$n $err" >/tmp/cfg.count
EOF
rm -f /tmp/cfg.stop /tmp/cfg.count /tmp/cfg.err
ndrv_in dut sh /tmp/cfgloop.sh "$DUT_IF" &
loop=$!

# 8139cp, loaded for the swap, faults in its probe after it was given
# the kept net_device: RTNL and the device's name must come back, and
# 8139cp's own recovery brings 8139too back. (e1000's next instance is a
# module image not loaded yet: no function of it to arm.)
probe_fault=
if [ "$NIC" = 8139too ]; then
	ndrv_inject "$DUT_PCI" null probe:8139cp:read_eeprom
	echo swap >"$swap" 2>/dev/null || true
	i=0
	while [ "$(ndrv_recovery_stat "$DUT_PCI" recoveries)" -lt 1 ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	echo off >"$NDRV_DEBUGFS/inject"
	dmesg | grep -q "null fault in read_eeprom" ||
		ndrv_fail "the armed fault in 8139cp's read_eeprom() never fired"
	[ "$(ndrv_pci_driver "$DUT_PCI")" = 8139too ] && [ "$(ndrv_state "$DUT_PCI")" = live ] ||
		ndrv_fail "after 8139cp faulted in its probe, $DUT_PCI is driven by $(ndrv_pci_driver "$DUT_PCI") ($(ndrv_state "$DUT_PCI")), expected 8139too: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
	ndrv_net_rejoin
	probe_fault="; 8139cp faulted in its probe of the kept $DUT_IF and 8139too took it back"
fi
r0=$(ndrv_recovery_stat "$DUT_PCI" recoveries)

# At least SWAPS swaps and 20 s of them: 8139too swaps in ~0.1 s.
t0=$(ndrv_now_cs)
i=0
while [ $i -lt "$swaps" ] || [ $(($(ndrv_now_cs) - t0)) -lt 2000 ]; do
	echo swap >"$swap" || ndrv_fail "swap $i failed: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
	i=$((i + 1))
done
touch /tmp/cfg.stop
wait $loop
read -r ran failed </tmp/cfg.count || ndrv_fail "the configuring task left no count"
swaps=$i
ndrv_log "$ran settings during $swaps swaps, $failed failed"
[ "$failed" = 0 ] ||
	ndrv_fail "$failed of $ran settings failed during the swaps: $(head -n 6 /tmp/cfg.err | tr '\n' ' ')"
n=$(ndrv_recovery_stat "$DUT_PCI" recoveries)
[ "$n" -eq $((r0 + swaps)) ] || ndrv_fail "$((n - r0)) recoveries after $swaps swaps"

# Settings made last are given to the next driver.
ndrv_in dut ip link set dev "$DUT_IF" mtu 1400
ndrv_in dut ip link set dev "$DUT_IF" promisc on
ndrv_in dut ethtool -s "$DUT_IF" msglvl 0x5
echo swap >"$swap" || ndrv_fail "the last swap failed"
ndrv_net_rejoin
link=$(ndrv_in dut ip link show dev "$DUT_IF")
# BusyBox's ip has no name for IFF_PROMISC: it shows 0x100 as "...100>".
case $link in
*PROMISC*" mtu 1400 "* | *"100> mtu 1400 "*) ;;
*) ndrv_fail "the last settings did not reach $(ndrv_pci_driver "$DUT_PCI"): $(echo $link)" ;;
esac
level=$(ndrv_in dut ethtool "$DUT_IF" | sed -n 's/.*Current message level: *\(0x[0-9a-f]*\).*/\1/p')
[ "$level" = 0x00000005 ] ||
	ndrv_fail "message level '$level' on $(ndrv_pci_driver "$DUT_PCI") after the swap, 0x00000005 set before"
# Only the injected fault stopped a driver (the log has wrapped by now).
faults=$(awk '/^faults\./ { n += $2 } END { print n + 0 }' "$NDRV_DEBUGFS/$DUT_PCI/stats")
want_faults=0
[ -z "$probe_fault" ] || want_faults=1
[ "$faults" -eq "$want_faults" ] ||
	ndrv_fail "$faults faults of $DUT_PCI's drivers: $(grep '^faults\.' "$NDRV_DEBUGFS/$DUT_PCI/stats" | tr '\n' ' ')"
ndrv_metric settings-per-swap $((ran / swaps)) settings/swap
ndrv_pass "$((swaps + 1)) swaps of $NIC under $ran settings, none failed; MTU, promiscuity and message level kept by $(ndrv_pci_driver "$DUT_PCI")$probe_fault"
