#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ktest-console.sh - ktest.pl's CONSOLE: follow the VM's serial console
# log. ktest.pl hands us a non-blocking pty as stdout; tail would die on
# EAGAIN, so clear O_NONBLOCK first (perl, as ktest.pl needs it anyway).
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

log=${1:?usage: ktest/ktest-console.sh CONSOLE_LOG}
mkdir -p "$(dirname "$log")"
touch "$log"
exec perl -e '
	use Fcntl;
	my $fl = fcntl(STDOUT, F_GETFL, 0);
	fcntl(STDOUT, F_SETFL, $fl & ~O_NONBLOCK) if defined $fl;
	exec "tail", "-n", "+1", "-F", $ARGV[0] or die "tail: $!";
' "$log"
