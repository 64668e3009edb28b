# SPDX-License-Identifier: GPL-2.0
# desc: control for the sanitizer kernels: a use-after-free planted in the recovery worker (ndriver.test_recover_uaf, CONFIG_NDRIVER_INJECT) must make KASAN report it and the harness fail the run
# nics: rtl8139,e1000
# smp: 2
# timeout: 200
# expect: crash
# tier: full
# kernel: sanitizer
# sanitize: *
# append: ndriver.test_recover_uaf=1

# The planted bug reads the failed instance after the unload freed it,
# the mistake a recovery path is most likely to make. A KASAN kernel
# reports it ("BUG: KASAN: slab-use-after-free in ndrv_recover_work");
# without KASAN the read goes unseen and this control fails, which is
# why it boots only the sanitizer kernels.
[ "$(cat /sys/module/ndriver/parameters/test_recover_uaf 2>/dev/null)" = Y ] ||
	ndrv_fail "ndriver.test_recover_uaf=1 on the command line did not plant the bug (CONFIG_NDRIVER_INJECT?)"
ndrv_net_pair e1000
ndrv_armed ndrv_recover_work "use-after-free of the instance in the next recovery"
echo swap >"$NDRV_DEBUGFS/$DUT_PCI/swap" || ndrv_fail "the admin swap failed"
ndrv_wait_recoveries "$DUT_PCI" 1 30 || ndrv_fail "the swap did not complete"
ndrv_net_rejoin
ndrv_pass "the planted use-after-free went unreported"
