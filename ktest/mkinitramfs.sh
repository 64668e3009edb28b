#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh - build the initramfs of the nDriver test VM: busybox, the
# freshly built modules, the scenarios, and the few host tools (NBD,
# e2fsprogs, ethtool) with the libraries they need.
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

KTEST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODINST=""
OUT=""
TOOLS_DIR=""

# Host programs copied in with their libraries; a scenario that needs a
# missing one skips loudly.
EXTRA_PROGS=(nbd-server nbd-client mke2fs e2fsck ethtool)

usage() {
	cat <<EOF
Usage: ktest/mkinitramfs.sh --modules DIR --out FILE [--tools DIR]

  --modules DIR  INSTALL_MOD_PATH of the kernel build (DIR/lib/modules/...),
                 e.g. build/obj/modinst from scripts/build-kernel.sh
  --out FILE     the gzip-compressed cpio archive to write
  --tools DIR    extra static test programs to put in /ndrv/bin

Needs Debian's busybox-static; copies nbd-server, nbd-client (packages
nbd-server, nbd-client), mke2fs, e2fsck (e2fsprogs) and ethtool (ethtool)
from the host when they are installed, and says which are missing.
EOF
}

die() {
	echo "mkinitramfs.sh: error: $*" >&2
	exit 1
}

# Copy program $1 and the shared libraries it loads into root $2.
copy_prog() {
	local prog=$1 root=$2 path lib

	path=$(command -v "$prog" 2>/dev/null || true)
	[ -n "$path" ] || for d in /usr/sbin /sbin; do
		[ -x "$d/$prog" ] && path=$d/$prog && break
	done
	[ -n "$path" ] || return 1
	install -D -m 755 "$path" "$root/usr/bin/$prog"
	for lib in $(ldd "$path" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] || install -D -m 755 "$(readlink -f "$lib")" "$root$lib"
	done
}

while [ $# -gt 0 ]; do
	case $1 in
	--modules) MODINST=${2:?}; shift ;;
	--out) OUT=${2:?}; shift ;;
	--tools) TOOLS_DIR=${2:?}; shift ;;
	-h|--help) usage; exit 0 ;;
	*) die "unknown argument '$1': see --help" ;;
	esac
	shift
done
[ -n "$MODINST" ] && [ -n "$OUT" ] || die "--modules and --out are required: see --help"
[ -d "$MODINST/lib/modules" ] ||
	die "$MODINST/lib/modules not found: build the kernel with scripts/build-kernel.sh first"
BUSYBOX=$(command -v busybox || true)
[ -n "$BUSYBOX" ] || die "busybox not found: apt-get install -y busybox-static"
ldd "$BUSYBOX" >/dev/null 2>&1 &&
	die "$BUSYBOX is dynamically linked: apt-get install -y busybox-static"
command -v cpio >/dev/null || die "cpio is not installed: apt-get install -y cpio"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,etc,root,ndrv/scenarios,ndrv/bin,lib64}
install -m 755 "$BUSYBOX" "$root/bin/busybox"
for applet in $("$BUSYBOX" --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done

cp -a "$MODINST/lib" "$root/"

install -m 755 "$KTEST/guest/init" "$root/init"
install -m 644 "$KTEST/guest/lib.sh" "$root/ndrv/lib.sh"
install -m 755 "$KTEST/guest/run-scenario.sh" "$root/ndrv/run-scenario.sh"
install -m 644 "$KTEST"/scenarios/*.sh "$root/ndrv/scenarios/"
if [ -n "$TOOLS_DIR" ] && [ -d "$TOOLS_DIR" ]; then
	find "$TOOLS_DIR" -maxdepth 1 -type f -perm -u+x -exec install -m 755 {} "$root/ndrv/bin/" \;
fi

missing=()
for prog in "${EXTRA_PROGS[@]}"; do
	copy_prog "$prog" "$root" || missing+=("$prog")
done
[ ${#missing[@]} -eq 0 ] ||
	echo "mkinitramfs.sh: WARNING: not on this host, scenarios needing them will SKIP: ${missing[*]}" >&2
[ -e "$root/usr/bin/mke2fs" ] && ln -sf mke2fs "$root/usr/bin/mkfs.ext4"

cat >"$root/etc/passwd" <<EOF
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$root/etc/group" <<EOF
root:x:0:
nogroup:x:65534:
EOF
echo "127.0.0.1 localhost" >"$root/etc/hosts"

mkdir -p "$(dirname "$OUT")"
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "mkinitramfs.sh: $OUT ($(du -h "$OUT" | cut -f1))"
