#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# qemu-boot.sh - boot the nDriver test VM once: software emulation, serial
# console into a log file, two NICs on one emulated hub, no host network.
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

KERNEL=""
INITRD=""
LOG=""
SMP=1
MEM=1024
NICS=rtl8139,e1000
APPEND=""
ICOUNT=""
TIMEOUT=300
DETACH=0
DELAY=0
PIDFILE=""

usage() {
	cat <<EOF
Usage: ktest/qemu-boot.sh --kernel BZIMAGE --initrd CPIO --log FILE [OPTIONS]

Boot qemu-system-x86_64 with -accel tcg (KVM does not work on the test
machines), -no-reboot and -nodefaults: the guest's 'reboot -f' ends QEMU.
The serial console goes to FILE. NICs are QEMU models attached to hub 0
(-netdev hubport), so they only see each other: there is no host network.

Options:
  --smp N          virtual CPUs (default 1); N > 1 uses N sockets, which the
                   test kernel sees without ACPI
  --mem MB         guest memory (default $MEM)
  --nics LIST      comma-separated QEMU NIC models on the hub (default
                   $NICS); MACs are 52:54:00:00:00:01, :02, ...
  --append ARGS    extra kernel command line
  --icount SHIFT   count instructions: the guest's clock advances 2^SHIFT ns
                   per instruction and jumps over idle time (-icount
                   shift=SHIFT,sleep=off), so what the guest measures is
                   instructions, not the host's speed; implies one host
                   thread for all vCPUs
  --timeout S      kill QEMU after S seconds (default $TIMEOUT); exit 124,
                   with each vCPU's RIP (from QEMU's monitor, symbolized
                   with the build's System.map) appended to the log
  --detach         start QEMU in the background in its own session and
                   return at once (for ktest.pl's POWER_CYCLE)
  --delay S        with --detach, wait S seconds before starting QEMU
  --pidfile FILE   write QEMU's (or the detached wrapper's) PID to FILE
  -h, --help       this text

Environment: NDRV_QEMU_EXTRA, more QEMU arguments (split on blanks), e.g.
the block log that scripts/tb-profile reads.

Exit status: QEMU's (0 after the guest's reboot -f), 124 on timeout.
EOF
}

die() {
	echo "qemu-boot.sh: error: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) KERNEL=${2:?}; shift ;;
	--initrd) INITRD=${2:?}; shift ;;
	--log) LOG=${2:?}; shift ;;
	--smp) SMP=${2:?}; shift ;;
	--mem) MEM=${2:?}; shift ;;
	--nics) NICS=${2?}; shift ;;
	--append) APPEND=${2?}; shift ;;
	--icount) ICOUNT=${2?}; shift ;;
	--timeout) TIMEOUT=${2:?}; shift ;;
	--detach) DETACH=1 ;;
	--delay) DELAY=${2:?}; shift ;;
	--pidfile) PIDFILE=${2:?}; shift ;;
	-h|--help) usage; exit 0 ;;
	*) die "unknown argument '$1': see 'ktest/qemu-boot.sh --help'" ;;
	esac
	shift
done

[ -n "$KERNEL" ] && [ -n "$INITRD" ] && [ -n "$LOG" ] ||
	die "--kernel, --initrd and --log are required: see --help"
[ -f "$KERNEL" ] || die "kernel $KERNEL not found: build it with scripts/build-kernel.sh"
[ -f "$INITRD" ] || die "initramfs $INITRD not found: build it with ktest/mkinitramfs.sh"
command -v qemu-system-x86_64 >/dev/null ||
	die "qemu-system-x86_64 is not installed: apt-get install -y qemu-system-x86"
[[ $SMP =~ ^[1-9][0-9]*$ ]] || die "--smp needs a positive number, not '$SMP'"
[[ $ICOUNT =~ ^([0-9]|10)?$ ]] || die "--icount needs a shift from 0 to 10, not '$ICOUNT'"

args=(qemu-system-x86_64 -accel tcg -nodefaults -no-reboot -display none
	-m "$MEM" -smp "$SMP,sockets=$SMP,cores=1,threads=1"
	-kernel "$KERNEL" -initrd "$INITRD"
	-serial "file:$LOG"
	-append "console=ttyS0,115200 panic=-1 oops=panic tsc=reliable no_timer_check $APPEND")
[ -z "$ICOUNT" ] || args+=(-icount "shift=$ICOUNT,sleep=off")
# Split on purpose: several arguments in one variable.
# shellcheck disable=SC2206
[ -z "${NDRV_QEMU_EXTRA:-}" ] || args+=($NDRV_QEMU_EXTRA)
n=0
for model in ${NICS//,/ }; do
	n=$((n + 1))
	args+=(-netdev "hubport,id=hub$n,hubid=0"
		-device "$model,netdev=hub$n,mac=52:54:00:00:00:$(printf %02x $n)")
done

: >"$LOG"
if [ $DETACH -eq 1 ]; then
	# ktest.pl flushes the console for a second after power-cycling;
	# the delay keeps a fast boot from being swallowed by that flush.
	setsid bash -c 'sleep "$1"; shift; exec timeout -k 5 "$@"' qemu-boot \
		"$DELAY" "$TIMEOUT" "${args[@]}" -monitor none \
		</dev/null >/dev/null 2>&1 &
	[ -z "$PIDFILE" ] || echo $! >"$PIDFILE"
	exit 0
fi

# A hung guest prints nothing: before killing it, ask QEMU's monitor
# where each virtual CPU is and write that, symbolized, at the end of the
# console log, so that a hang in CI says where it hung.
where_stuck() {
	local map regs

	map=$(dirname "$KERNEL")/../../../System.map
	regs=$(python3 - "$MON" <<'PY' 2>/dev/null || true
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(3)
s.sendall(b"info registers -a\n")
out, end = b"", time.time() + 3
while time.time() < end:
	try:
		chunk = s.recv(65536)
	except socket.timeout:
		break
	if not chunk:
		break
	out += chunk
sys.stdout.write(out.decode(errors="replace"))
PY
)
	echo "$regs" >"$LOG.regs"
	echo "$regs" | grep -o 'RIP=[0-9a-f]*' | sed 's/RIP=//' | {
		cpu=0
		while read -r rip; do
			sym=""
			if [ -f "$map" ]; then
				# The last symbol at or below rip (fixed-width hex sorts).
				sym=$(awk -v a="$rip" 'length($1) == 16 && $1 <= a { s = $3; o = $1 }
					END { if (s != "") print s, o }' "$map" 2>/dev/null || true)
				[ -z "$sym" ] ||
					sym="${sym% *}+0x$(printf %x $((16#$rip - 16#${sym#* })))"
			fi
			echo "ndrv-host: hang: vCPU $cpu at $rip${sym:+ ($sym)}"
			cpu=$((cpu + 1))
		done
	}
}

MON=$LOG.mon
rm -f "$MON" "$LOG.timedout"
args+=(-monitor "unix:$MON,server,nowait")
rc=0
"${args[@]}" </dev/null >"$LOG.qemu" 2>&1 &
qpid=$!
[ -z "$PIDFILE" ] || echo $qpid >"$PIDFILE"
(
	sleep "$TIMEOUT"
	kill -0 $qpid 2>/dev/null || exit 0
	touch "$LOG.timedout"
	where_stuck >"$LOG.stuck" 2>&1 || true
	kill -TERM $qpid 2>/dev/null
	sleep 5
	kill -KILL $qpid 2>/dev/null || true
) </dev/null >/dev/null 2>&1 &
wpid=$!
wait $qpid || rc=$?
# The watchdog and its sleep: nothing of this boot may outlive it.
pkill -P $wpid 2>/dev/null || true
kill $wpid 2>/dev/null || true
wait $wpid 2>/dev/null || true
if [ -f "$LOG.timedout" ]; then
	cat "$LOG.stuck" >>"$LOG" 2>/dev/null || true
	rm -f "$LOG.timedout" "$LOG.stuck"
	rc=124
fi
rm -f "$MON"
exit $rc
