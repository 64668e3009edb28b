# SPDX-License-Identifier: GPL-2.0
# desc: the nDriver KUnit suites, built in and run at boot (each case is counted by the host)
# nics:
# smp: 1
# timeout: 120
# expect: pass
# append: kunit.enable=1 kunit.filter_glob=ndriver*

dir=/sys/kernel/debug/kunit
[ -d $dir ] || ndrv_skip "no $dir: the kernel lacks CONFIG_KUNIT/CONFIG_DEBUG_FS"
suites=""
for s in "$dir"/ndriver*; do
	[ -d "$s" ] && suites="$suites ${s##*/}"
done
suites=${suites# }
[ -n "$suites" ] || ndrv_skip "no nDriver KUnit suite ran (CONFIG_NDRIVER_KUNIT_TEST=n?)"
failed=""
for s in $suites; do
	grep -q 'not ok' "$dir/$s/results" && failed="$failed $s"
done
[ -z "$failed" ] || ndrv_fail "KUnit suites with failures:$failed"
ndrv_pass "KUnit suites passed: $(echo $suites)"
