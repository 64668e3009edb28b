# SPDX-License-Identifier: GPL-2.0
# desc: the RSS indirection table the admin set on a multi-queue NIC (vmxnet3, 2 Rx queues) holds across recoveries: an admin swap, a fault in set_rxfh itself (the setting retried on the next driver), a fault at xmit; after each, "ethtool -x" shows the admin's table and the interface reaches the peer; a table set back to the default ("ethtool -X default") stays the default across the next swap
# nics: vmxnet3,e1000
# smp: 2
# timeout: 240
# expect: pass
#
# vmxnet3 writes its default table at each open, and a fresh instance
# starts from it: without nDriver's replay the admin's table is gone
# after the first recovery (the first check fails on a kernel whose
# recovery does not give the next driver the RSS table the admin set).

ndrv_need_cmd ethtool
ndrv_net_pair vmxnet3
swap=$NDRV_DEBUGFS/$DUT_PCI/swap
[ -w "$swap" ] || ndrv_fail "no $swap: is vmxnet3 guarded?"

# The indirection table on one line.
rss_table() {
	ndrv_in dut ethtool -x "$DUT_IF" 2>/dev/null |
		sed -n 's/^ *[0-9][0-9]*: *//p' | tr -s ' \n' '  '
}

# rss_set WEIGHTS...: ethtool -X weight WEIGHTS, or default.
rss_set() {
	if [ "$1" = default ]; then
		ndrv_in dut ethtool -X "$DUT_IF" default
	else
		ndrv_in dut ethtool -X "$DUT_IF" weight "$@"
	fi
}

# How many entries point at each queue, for the log.
spread() {
	echo "$1" | tr ' ' '\n' | grep . | sort | uniq -c |
		awk '{ printf "%s%d x queue %d", (NR > 1 ? ", " : ""), $1, $2 }'
}

recoveries=0
# check WHAT TABLE: one more recovery has ended, the interface reaches
# the peer, and the table is TABLE.
check() {
	local t

	recoveries=$((recoveries + 1))
	ndrv_wait_recoveries "$DUT_PCI" $recoveries 30 ||
		ndrv_fail "recovery $recoveries ($1) did not end: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
	ndrv_wait_ping dut "$NDRV_PEER_ADDR" 30 ||
		ndrv_fail "no answer from the peer after $1"
	t=$(rss_table)
	[ "$t" = "$2" ] ||
		ndrv_fail "after $1 the RSS table is [$(spread "$t")], not [$(spread "$2")]"
	ndrv_log "after $1: the table holds"
}

default=$(rss_table)
[ -n "$default" ] ||
	ndrv_fail "no RSS table on $DUT_IF (vmxnet3 needs 2 vCPUs and MSI-X): $(ndrv_in dut ethtool -x "$DUT_IF" 2>&1 | head -n 2)"
rss_set 3 1 || ndrv_fail "ethtool -X $DUT_IF weight 3 1 failed"
t31=$(rss_table)
rss_set 1 3 || ndrv_fail "ethtool -X $DUT_IF weight 1 3 failed"
t13=$(rss_table)
[ "$t13" != "$default" ] && [ "$t13" != "$t31" ] ||
	ndrv_fail "ethtool -X weight did not change the table: [$(spread "$t13")]"
ndrv_log "default: $(spread "$default"); weight 1 3: $(spread "$t13"); weight 3 1: $(spread "$t31")"

echo swap >"$swap" || ndrv_fail "echo swap > $swap failed"
check "an admin swap" "$t13"

ndrv_inject "$DUT_PCI" null ethtool:set_rxfh
rss_set 3 1 || ndrv_fail "ethtool -X weight 3 1, which faulted, was not retried on the next driver"
echo off >"$NDRV_DEBUGFS/inject"
[ "$(ndrv_stat "$DUT_PCI" faults.null.ethtool)" -ge 1 ] ||
	ndrv_fail "the fault in set_rxfh did not fire"
check "a fault in set_rxfh" "$t31"

ndrv_inject "$DUT_PCI" null xmit
ndrv_net_trigger xmit
echo off >"$NDRV_DEBUGFS/inject"
check "a fault at xmit" "$t31"

rss_set default || ndrv_fail "ethtool -X $DUT_IF default failed"
echo swap >"$swap" || ndrv_fail "echo swap > $swap failed"
check "ethtool -X default and a swap" "$default"

ndrv_pass "vmxnet3's RSS table held across an admin swap, a fault in set_rxfh and a fault at xmit; the default stayed the default"
