#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ktest.sh - run the kernel's own ktest.pl with ktest/ndriver.conf: build
# the nDriver kernel, boot it in QEMU and judge the boot-time scenarios.
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

KTEST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$KTEST")
TREE=${NDRV_TREE:-$REPO/work/linux-6.12.117}
LIMIT=${NDRV_KTEST_TIMEOUT:-1800}

if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
	cat <<EOH
Usage: ktest/ktest.sh

Runs $TREE/tools/testing/ktest/ktest.pl with ktest/ndriver.conf: configure
(tinyconfig + config/*.config), build with ccache into build/ktest-obj,
boot QEMU through ktest/ktest-vm.sh, and run the scenarios listed in
NDRV_KTEST_SCENARIOS (default: kunit,net-8139cp,nbd) in one boot.
ktest.pl's log: build/ktest-pl/ktest.log. Prints "N passed, N failed,
N skipped": a scenario that skipped fails the TEST, which ktest.pl counts
as one failed test.

Environment: NDRV_TREE (kernel tree), NDRV_KTEST_SCENARIOS,
NDRV_KTEST_TIMEOUT (seconds, default $LIMIT).
EOH
	exit 0
fi

[ -x "$TREE/tools/testing/ktest/ktest.pl" ] ||
	{ echo "ktest.sh: error: no ktest.pl in $TREE: run scripts/apply.sh first" >&2; exit 1; }
mkdir -p "$REPO/build/ktest-pl"
export NDRV_REPO=$REPO
export NDRV_KTEST_SCENARIOS=${NDRV_KTEST_SCENARIOS:-kunit,net-8139cp,nbd}
rc=0
# ktest.pl prompts on stdin for anything missing from the config; a stdin
# that never delivers keeps a bad config from looping on EOF, and the time
# limit ends it.
exec 3< <(exec sleep "$LIMIT")
sleeper=$!
timeout "$LIMIT" perl "$TREE/tools/testing/ktest/ktest.pl" "$KTEST/ndriver.conf" \
	<&3 >"$REPO/build/ktest-pl/ktest.out" 2>&1 || rc=$?
exec 3<&-
kill "$sleeper" 2>/dev/null || true
"$KTEST/ktest-vm.sh" stop >/dev/null 2>&1 || true
tail -n 5 "$REPO/build/ktest-pl/ktest.out"
# ktest.pl ends with "N of M tests were successful"; that line, not the
# earlier "Successful boot found" (absent when the console is slow), is
# the verdict.
summary=$(sed -n 's/^ *\([0-9]*\) of \([0-9]*\) tests were successful.*/\1 \2/p' \
	"$REPO/build/ktest-pl/ktest.out" | tail -n 1)
ok=${summary% *}
all=${summary#* }
if [ $rc -eq 0 ] && [ -n "$summary" ] && [ "$ok" = "$all" ] && [ "$all" -gt 0 ]; then
	echo "ktest.pl: all $all tests passed"
	echo "$all passed, 0 failed, 0 skipped"
else
	echo "ktest.pl: FAILED (exit $rc); see build/ktest-pl/ktest.log"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
