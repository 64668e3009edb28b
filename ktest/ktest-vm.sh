#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ktest-vm.sh - the "machine" of ktest/ndriver.conf: build its initramfs,
# power it on (start QEMU detached), power it off (stop QEMU).
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

KTEST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$KTEST")
STATE=$REPO/build/ktest-pl
PIDFILE=$STATE/qemu.pid

usage() {
	cat <<EOF
Usage: ktest/ktest-vm.sh initramfs OBJ
       ktest/ktest-vm.sh start OBJ CONSOLE_LOG SCENARIOS
       ktest/ktest-vm.sh stop

initramfs  install OBJ's modules into OBJ/modinst and build
           OBJ/initramfs.cpio.gz (ktest.pl's POST_BUILD)
start      boot OBJ's kernel in QEMU in the background, console into
           CONSOLE_LOG, running the comma-separated SCENARIOS
           (ktest.pl's POWER_CYCLE; a running VM is stopped first)
stop       stop the VM (POWER_OFF, REBOOT, POST_KTEST); no VM is fine
EOF
}

stop_vm() {
	local pid

	pid=$(cat "$PIDFILE" 2>/dev/null || true)
	if [ -n "$pid" ]; then
		# The wrapper runs in its own session: end all of it.
		kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
		rm -f "$PIDFILE"
	fi
}

mkdir -p "$STATE"
case ${1:-} in
initramfs)
	obj=${2:?usage: ktest-vm.sh initramfs OBJ}
	rm -rf "$obj/modinst"
	make -s -C "$obj" INSTALL_MOD_PATH="$obj/modinst" INSTALL_MOD_STRIP=1 modules_install
	"$KTEST/mkinitramfs.sh" --modules "$obj/modinst" --out "$obj/initramfs.cpio.gz"
	;;
start)
	[ $# -eq 4 ] || { usage >&2; exit 1; }
	stop_vm
	"$KTEST/qemu-boot.sh" --kernel "$2/arch/x86/boot/bzImage" \
		--initrd "$2/initramfs.cpio.gz" --log "$3" --smp 2 --timeout 900 \
		--append "kunit.enable=1 kunit.filter_glob=ndriver* ndrv.test=$4" \
		--detach --delay 2 --pidfile "$PIDFILE"
	;;
stop)
	stop_vm
	;;
-h|--help)
	usage
	;;
*)
	usage >&2
	exit 1
	;;
esac
