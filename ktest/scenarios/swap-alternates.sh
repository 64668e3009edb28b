# SPDX-License-Identifier: GPL-2.0
# desc: a device's alternates take only modules that can drive it: one loaded with a driver that matches it on its bus, or one whose kept image declares a matching module alias; a loaded module with no matching driver (e1000 for an RTL8139), a kept one without a matching alias (vmxnet3), and one never loaded (nbd for an e1000) are refused with EINVAL and a message naming the module, the list unchanged; then a fault swaps in the alternate checked from its kept image
# nics: rtl8139,e1000
# smp: 1
# timeout: 180
# expect: pass

ndrv_net_pair 8139cp
alts=$NDRV_DEBUGFS/$DUT_PCI/alternates
peer_pci=$(basename "$(ls -d /sys/bus/pci/drivers/e1000/0000:* | head -n 1)")
[ -w "$NDRV_DEBUGFS/$peer_pci/alternates" ] ||
	ndrv_fail "no alternates file for the peer's e1000 ($peer_pci): is e1000 guarded?"

# refused FILE LIST MODULE WHY: writing LIST must fail, leave FILE as it
# was, and say in the kernel log that MODULE WHY.
refused() {
	local was

	was=$(cat "$1")
	dmesg -c >/dev/null
	if echo "$2" 2>/dev/null >"$1"; then
		ndrv_fail "'$2' was taken as alternates of $(basename "$(dirname "$1")")"
	fi
	[ "$(cat "$1")" = "$was" ] ||
		ndrv_fail "the alternates are '$(cat "$1")' after '$2' was refused, were '$was'"
	dmesg | grep -q "alternates not changed: $3 $4" ||
		ndrv_fail "no message that $3 $4 after '$2': $(dmesg | grep ndriver | tail -n 1)"
}

# Loaded, with a driver that matches the device: taken.
echo 8139cp 8139too >"$alts" || ndrv_fail "8139cp 8139too refused: $(dmesg | tail -n 1)"
# Loaded, but its driver does not match the device.
refused "$alts" "8139cp e1000" e1000 "has no driver that matches the device"
# Never loaded: nothing to check it against.
refused "$alts" "8139cp vmxnet3" vmxnet3 "was never loaded"
refused "$NDRV_DEBUGFS/$peer_pci/alternates" "nbd" nbd "was never loaded"
# Loaded once, so kept, but it declares no alias that matches.
ndrv_modprobe vmxnet3
rmmod vmxnet3 || ndrv_fail "cannot unload vmxnet3, which drives nothing here"
refused "$alts" "8139cp vmxnet3" vmxnet3 "declares no module alias that matches the device"
# Kept and unloaded, with a matching alias: taken, and it takes over.
rmmod 8139too || ndrv_fail "cannot unload 8139too, which drives nothing here"
echo 8139cp 8139too >"$alts" ||
	ndrv_fail "8139cp 8139too refused with 8139too unloaded: $(dmesg | tail -n 1)"
[ "$(cat "$alts")" = "[8139cp] 8139too" ] || ndrv_fail "alternates are '$(cat "$alts")'"
ndrv_inject "$DUT_PCI" null xmit
ndrv_net_trigger xmit
ndrv_wait_recoveries "$DUT_PCI" 1 30 ||
	ndrv_fail "no recovery: $(tr '\n' ' ' <"$NDRV_DEBUGFS/$DUT_PCI/recovery")"
echo off >"$NDRV_DEBUGFS/inject"
[ "$(ndrv_pci_driver "$DUT_PCI")" = 8139too ] ||
	ndrv_fail "$(ndrv_pci_driver "$DUT_PCI") took over, not 8139too"
ndrv_net_rejoin
ndrv_pass "alternates refused for e1000 (loaded, no matching driver), vmxnet3 (never loaded, then kept with no matching alias) and nbd (never loaded, for an e1000); 8139too, checked from its kept image, took over"
