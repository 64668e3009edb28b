#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ktest-test.sh - ktest.pl's TEST: wait until the VM has run its scenarios
# and judge each of them from the console log, as ktest/run.sh does.
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

KTEST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=ktest/lib/judge.sh
. "$KTEST/lib/judge.sh"

log=${1:?usage: ktest/ktest-test.sh CONSOLE_LOG SCENARIOS [TIMEOUT]}
scenarios=${2:?usage: ktest/ktest-test.sh CONSOLE_LOG SCENARIOS [TIMEOUT]}
limit=${3:-800}

waited=0
until grep -aq '^NDRV-DONE' "$log" 2>/dev/null; do
	if [ $waited -ge "$limit" ]; then
		echo "ktest-test.sh: the VM did not finish its scenarios within $limit s"
		exit 1
	fi
	sleep 1
	waited=$((waited + 1))
done

# Only PASS passes: a scenario that skipped did not show the boot works.
pass=0
fail=0
skip=0
for name in ${scenarios//,/ }; do
	outcome=$(judge_log "$log" "$name" 0)
	echo "${outcome%% *} $name: ${outcome#* }"
	case ${outcome%% *} in
	PASS) pass=$((pass + 1)) ;;
	SKIP) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
done
echo "ktest-test.sh: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ] && [ $skip -eq 0 ]
