#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh - build the test VM's own static helper programs into DIR.
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:?usage: ktest/tools/build.sh OUTPUT_DIR}

command -v gcc >/dev/null || { echo "build.sh: error: gcc is not installed: apt-get install -y gcc" >&2; exit 1; }
mkdir -p "$OUT"
for c in "$SRC"/*.c; do
	prog=$OUT/$(basename "$c" .c)
	[ "$prog" -nt "$c" ] && continue
	gcc -static -O2 -Wall -Werror -o "$prog" "$c" ||
		{ echo "build.sh: error: cannot build $c statically (libc6-dev installed?)" >&2; exit 1; }
done
