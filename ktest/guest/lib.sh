# SPDX-License-Identifier: GPL-2.0
#
# Helpers for scenarios running inside the nDriver test VM (busybox sh).
#
# Verdicts: a scenario ends with exactly one of ndrv_pass, ndrv_fail or
# ndrv_skip. Each prints "NDRV-RESULT: <PASS|FAIL|SKIP> <test>: <why>" on the
# console, where the host runner (ktest/run.sh) reads it, and exits.
#
# Network: the VM has two NICs on one emulated hub. ndrv_net_setup puts the
# device under test (DUT) in network namespace "dut" as 192.0.2.1/24 and the
# peer in namespace "peer" as 192.0.2.2/24; ndrv_in NS CMD runs CMD there.

NDRV_DUT_ADDR=192.0.2.1
NDRV_PEER_ADDR=192.0.2.2

ndrv_cmdline_arg() {
	sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p;s/^$1=\([^[:space:]]*\).*/\1/p" /proc/cmdline | head -n1
}

ndrv_log() {
	echo "ndrv: $*"
}

ndrv_result() {
	local verdict=$1 out=/dev/stdout

	shift
	# A verdict given inside $(...) ends only that subshell, and its line
	# would be captured with the output: the console gets it directly
	# (a FAIL line outweighs any later PASS).
	[ -w /dev/console ] && out=/dev/console
	{
		echo "NDRV-RESULT: $verdict ${NDRV_TEST:-?}: $*"
		[ "$verdict" != FAIL ] || ndrv_dmesg_tail
	} >"$out"
	: >"/tmp/ndrv-verdict.${NDRV_TEST:-unknown}"
	[ "$verdict" = FAIL ] && exit 1
	exit 0
}

ndrv_pass() { ndrv_result PASS "$@"; }
ndrv_fail() { ndrv_result FAIL "$@"; }
ndrv_skip() { ndrv_result SKIP "$@"; }

# Kernel messages go to the console as they happen; on failure, also show
# the most recent ones, prefixed so the host never mistakes them for new
# kernel output.
ndrv_dmesg_tail() {
	dmesg | tail -n 20 | sed 's/^/dmesg| /'
}

# Whether a hang of type $1 at entry $2 spins with interrupts off.
ndrv_hang_irqoff() {
	case $1-$2 in
	loop-irqoff-*|deadlock-irq) return 0 ;;
	esac
	return 1
}

# Whether guarded drivers disable interrupts virtually.
ndrv_virq_on() {
	[ -r "$NDRV_DEBUGFS/virq" ] &&
		[ "$(cat /sys/module/ndriver/parameters/virq 2>/dev/null)" = Y ]
}

# CPUs whose tick is not their local APIC timer (it failed its boot
# calibration: the emulator on a loaded host), as the kernel counts them.
# A kernel without CONFIG_NDRIVER_VIRQ does not count them: there, the
# kernel's own message that it gave the APIC timer up stands for all CPUs.
ndrv_no_apic_tick_cpus() {
	local n

	if [ -r "$NDRV_DEBUGFS/virq" ]; then
		n=$(sed -n 's/^no_apic_tick_cpus //p' "$NDRV_DEBUGFS/virq" 2>/dev/null)
	elif dmesg | grep -qE 'APIC timer disabled|Disabling APIC timer|APIC frequency too slow'; then
		n=$(nproc)
	fi
	echo "${n:-0}"
}

# Skip a hang of type $1 at entry $2 that nothing here could see. A spin
# with interrupts really off (ndriver.virq=0) gets no tick: on one CPU
# nothing sees it; on SMP the NMI of a buddy CPU that still ticks breaks
# it, but on a boot without the APIC tick the buddy's ticks may come from
# the spinning CPU - "SKIP environment:" makes the host boot the run once
# more (ktest/run.sh). Without the APIC tick, a spin in an interrupt
# handler is as deaf with interrupts on: the tick is then a device
# interrupt (the PIT's, through the IO-APIC, which also relays it to the
# other CPUs), and the local APIC holds it back while the handler of a
# device interrupt of a higher priority class is in service. Virtual
# disabling needs no such luck: it keeps the tick, running the APIC timer
# itself where need be.
ndrv_need_tick_for() {
	local n

	ndrv_virq_on && return 0
	if ndrv_hang_irqoff "$1" "$2"; then
		[ "$(nproc)" -ge 2 ] ||
			ndrv_skip "$1 at $2 spins with interrupts off: on one CPU that needs CONFIG_NDRIVER_VIRQ with ndriver.virq=1"
	else
		case $1-$2 in
		loop-*-irq|deadlock-irq) ;;
		*) return 0 ;;
		esac
	fi
	n=$(ndrv_no_apic_tick_cpus)
	[ "$n" -eq 0 ] ||
		ndrv_skip "environment: the local APIC timer failed its boot calibration (host load) and does not drive the tick of $n CPU(s): no tick or NMI is sure to see $1 at $2 with interrupts really off or a device interrupt in service"
}

# Benchmarks time in microseconds. Where the TSC failed its boot
# calibration against the PIT (the emulator on a loaded host: "tsc:
# Marking TSC unstable"), the kernel has no HPET or ACPI PM timer to fall
# back on and keeps time in jiffies, 1 ms steps, for the whole boot:
# "SKIP environment:" makes the host boot the run once more.
ndrv_need_fine_clock() {
	local cs

	cs=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null) ||
		cs=$(dmesg | sed -n 's/.*Switched to clocksource \([^ ]*\).*/\1/p' | tail -n 1)
	case $cs in
	*jiffies*)
		ndrv_skip "environment: the clock is $cs, in 1 ms steps (the TSC failed its boot calibration under host load): no timing of this boot is worth printing" ;;
	esac
}

# "NDRV-METRIC: <test> <name> <value> <unit>", collected by the host.
ndrv_metric() {
	echo "NDRV-METRIC: ${NDRV_TEST:-?} $1 $2 $3"
}

# ndrv_median N...: the middle value (the lower one of an even count),
# for benchmarks that print the median of their rounds.
ndrv_median() {
	printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"
}

ndrv_need_cmd() {
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			ndrv_skip "'$c' is not in the initramfs (install its Debian package on the host and rebuild the initramfs)"
	done
}

# Centiseconds since boot.
ndrv_now_cs() {
	local up rest

	read -r up rest </proc/uptime
	echo "${up%.*}${up#*.}" | sed 's/^0*//;s/^$/0/'
}

ndrv_modprobe() {
	modprobe "$@" || ndrv_fail "modprobe $* failed"
}

# Print the name of the network interface bound to driver $1 (the $2-th
# one, default the first).
ndrv_ifname_by_driver() {
	local want=$1 nth=${2:-1} i drv n=0

	for i in /sys/class/net/*; do
		[ -e "$i/device/driver" ] || continue
		drv=$(basename "$(readlink "$i/device/driver")")
		[ "$drv" = "$want" ] || continue
		n=$((n + 1))
		[ $n -eq "$nth" ] && { basename "$i"; return 0; }
	done
	return 1
}

# PCI address (e.g. 0000:00:03.0) of network interface $1 (in this netns).
ndrv_pci_of_if() {
	basename "$(readlink "/sys/class/net/$1/device")"
}

# Create network namespace $1, held by a sleeping process.
ndrv_ns_create() {
	unshare -n sleep 1000000 &
	echo $! >"/run/ns-$1"
	# Let unshare switch namespaces before anyone enters it.
	sleep 0.2
}

ndrv_ns_pid() {
	cat "/run/ns-$1"
}

ndrv_in() {
	local ns=$1

	shift
	nsenter -t "$(ndrv_ns_pid "$ns")" -n "$@"
}

# Wait until $2 in namespace $1 answers ping, at most $3 seconds (default 30).
ndrv_wait_ping() {
	local ns=$1 addr=$2 limit=${3:-30} i=0

	while [ $i -lt "$limit" ]; do
		ndrv_in "$ns" ping -c 1 -W 1 "$addr" >/dev/null 2>&1 && return 0
		i=$((i + 1))
	done
	return 1
}

# ndrv_net_setup DUT_DRIVER PEER_DRIVER
# Sets DUT_IF, PEER_IF (names) and DUT_PCI (PCI address of the DUT).
ndrv_net_setup() {
	local dut_drv=$1 peer_drv=$2 nth=1

	DUT_IF=$(ndrv_ifname_by_driver "$dut_drv") ||
		ndrv_fail "no network interface is bound to $dut_drv"
	# Same driver on both sides: the peer is the second interface.
	[ "$dut_drv" = "$peer_drv" ] && nth=2
	PEER_IF=$(ndrv_ifname_by_driver "$peer_drv" $nth) ||
		ndrv_fail "no network interface is bound to $peer_drv for the peer"
	DUT_PCI=$(ndrv_pci_of_if "$DUT_IF")
	ndrv_log "DUT $DUT_IF ($dut_drv, $DUT_PCI), peer $PEER_IF ($peer_drv)"

	ndrv_ns_create dut
	ndrv_ns_create peer
	ndrv_in dut ip link set lo up
	ndrv_in peer ip link set lo up
	ndrv_ns_join dut "$DUT_IF" "$NDRV_DUT_ADDR"
	ndrv_ns_join peer "$PEER_IF" "$NDRV_PEER_ADDR"
	DUT_IFINDEX=$(ndrv_net_ifindex dut "$DUT_IF")
	ndrv_wait_ping dut "$NDRV_PEER_ADDR" 30 ||
		ndrv_fail "$NDRV_PEER_ADDR does not answer ping from the dut namespace"
}

# ndrv_ns_join NS IF ADDR: move interface IF into namespace NS, give it
# ADDR/24 and bring it up.
ndrv_ns_join() {
	ip link set "$2" netns "$(ndrv_ns_pid "$1")" ||
		ndrv_fail "cannot move $2 into the $1 namespace"
	ndrv_in "$1" ip addr add "$3/24" dev "$2"
	ndrv_in "$1" ip link set "$2" up
}

# ndrv_make_data FILE MEGABYTES: random data; prints its md5.
ndrv_make_data() {
	dd if=/dev/urandom of="$1" bs=1M count="$2" 2>/dev/null ||
		ndrv_fail "cannot write $2 MB to $1 (tmpfs full?)"
	md5sum <"$1" | cut -d' ' -f1
}

# ndrv_tcp_transfer FROM_NS TO_NS TO_ADDR FILE [PORT] [TIMEOUT]
# Sends FILE over one TCP connection and prints the md5 of what arrived
# followed by the elapsed centiseconds. Returns non-zero if the sender or
# the receiver failed.
ndrv_tcp_transfer() {
	local from=$1 to=$2 addr=$3 file=$4 port=${5:-5001} limit=${6:-120}
	local fifo=/tmp/nc-fifo.$port sum=/tmp/nc-sum.$port holder rpid t0 t1 rc=0 i=0

	rm -f "$fifo" "$sum"
	mkfifo "$fifo"
	# busybox nc ends when its stdin hits EOF: give the listener a FIFO
	# that stays open, so it ends only when the sender closes.
	sleep 1000000 >"$fifo" &
	holder=$!
	ndrv_in "$to" sh -c "timeout $limit nc -l -p $port <$fifo | md5sum >$sum" &
	rpid=$!
	while ! ndrv_in "$to" netstat -ltn 2>/dev/null | grep -q ":$port "; do
		i=$((i + 1))
		[ $i -lt 50 ] || break
		sleep 0.1
	done
	t0=$(ndrv_now_cs)
	ndrv_in "$from" timeout "$limit" nc "$addr" "$port" <"$file" || rc=1
	wait $rpid || rc=1
	t1=$(ndrv_now_cs)
	kill $holder 2>/dev/null
	rm -f "$fifo"
	echo "$(cut -d' ' -f1 "$sum" 2>/dev/null) $((t1 - t0))"
	return $rc
}

# ndrv_check_transfer NAME FROM_NS TO_NS TO_ADDR FILE MD5 [PORT]
# Transfer and fail the scenario unless the bytes arrived intact; reports
# the throughput as a metric.
ndrv_check_transfer() {
	local name=$1 from=$2 to=$3 addr=$4 file=$5 want=$6 port=${7:-5001}
	local out got cs bytes

	out=$(ndrv_tcp_transfer "$from" "$to" "$addr" "$file" "$port") ||
		ndrv_fail "$name: TCP transfer failed (got md5 '${out% *}')"
	got=${out% *}
	cs=${out#* }
	[ "$got" = "$want" ] ||
		ndrv_fail "$name: data corrupted or truncated: md5 $got, sent $want"
	bytes=$(stat -c %s "$file")
	[ "$cs" -gt 0 ] || cs=1
	ndrv_metric "$name-throughput" $((bytes * 8 / cs / 10000)) Mbit/s
	ndrv_log "$name: $bytes bytes md5-identical in $((cs / 100)).$((cs % 100 / 10)) s"
}

# ndrv_net_admin_config: what an admin sets on the DUT's interface and a
# new driver must be given again: MTU 1400, a locally administered MAC,
# a static route.
ndrv_net_admin_config() {
	ndrv_in dut ip link set "$DUT_IF" mtu 1400 ||
		ndrv_fail "cannot set the MTU of $DUT_IF"
	ndrv_in dut ip link set "$DUT_IF" address 02:00:00:00:00:aa ||
		ndrv_fail "cannot set the MAC address of $DUT_IF"
	ndrv_in dut ip route add 198.51.100.0/24 via "$NDRV_PEER_ADDR" dev "$DUT_IF"
	ndrv_in peer ip neigh flush dev "$PEER_IF"
	ndrv_wait_ping dut "$NDRV_PEER_ADDR" 30 ||
		ndrv_fail "no ping after the MAC address change"
}

# ndrv_net_identity [bounced]: what must not change across a swap of the
# DUT's driver. After a link bounce (ENTRY=open) the admin's routes are
# gone and IPv6 made a link-local address from the new MAC: both are the
# bounce's doing, not the swap's, and are left out.
ndrv_net_identity() {
	local bounced=${1:-}

	echo "ifindex $(ndrv_net_ifindex dut "$DUT_IF")"
	ndrv_in dut ip link show dev "$DUT_IF" |
		sed -n 's/.* mtu \([0-9]*\) .*/mtu \1/p; s/.*link\/ether \([0-9a-f:]*\) .*/mac \1/p'
	ndrv_in dut ip addr show dev "$DUT_IF" | sed -n 's/.*inet \([0-9./]*\) .*/addr \1/p'
	if [ -n "$bounced" ]; then
		ndrv_in dut ip route show dev "$DUT_IF" | grep -v via
	else
		ndrv_in dut ip route show dev "$DUT_IF"
	fi
	ndrv_in dut cat /proc/net/dev_mcast |
		awk -v i="$DUT_IF" -v b="$bounced" '$2 == i && !(b != "" && $5 ~ /^3333ff/) { print "mcast " $5 }' | sort
}

# ndrv_linkmon_start: record, from now on, the link messages that the
# rest of the system gets about the DUT's interface (ktest/tools/linkmon.c)
# for ndrv_linkmon_check.
ndrv_linkmon_start() {
	local i=0

	ndrv_need_cmd /ndrv/bin/linkmon
	ndrv_in dut /ndrv/bin/linkmon "$DUT_IF" >/tmp/linkmon.out 2>&1 &
	LINKMON_PID=$!
	until grep -q '^watching' /tmp/linkmon.out 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 50 ] || ndrv_fail "linkmon did not start: $(cat /tmp/linkmon.out)"
		sleep 0.1
	done
}

# ndrv_linkmon_stop: stop linkmon; its summary ("events N down D") in
# LINKMON_SUM. (Not a $(...) helper: a subshell cannot wait for it.)
ndrv_linkmon_stop() {
	killall -TERM linkmon 2>/dev/null
	wait "$LINKMON_PID"
	LINKMON_SUM=$(grep '^events' /tmp/linkmon.out)
}

# ndrv_linkmon_check WHAT: fail if, since ndrv_linkmon_start, the rest of
# the system was told that the DUT's link went down (a carrier flap, the
# interface down or unregistered): a swap must not be seen as one.
ndrv_linkmon_check() {
	ndrv_linkmon_stop
	case $LINKMON_SUM in
	"")
		ndrv_fail "linkmon gave no summary: $(cat /tmp/linkmon.out)" ;;
	*" down 0")
		ndrv_log "link messages about $DUT_IF during $1: ${LINKMON_SUM#events }" ;;
	*)
		ndrv_fail "$1 was seen as $DUT_IF's link going down: $(grep -v '^watching' /tmp/linkmon.out | tr '\n' ';')" ;;
	esac
}

# ndrv_linkmon_control: the control of ndrv_linkmon_check, same boot and
# interface: a link bounce must be seen as the link going down, else
# linkmon's "down 0" proves nothing. Leaves the interface bounced.
ndrv_linkmon_control() {
	ndrv_linkmon_start
	ndrv_in dut ip link set "$DUT_IF" down
	ndrv_in dut ip link set "$DUT_IF" up
	sleep 0.5
	ndrv_linkmon_stop
	case $LINKMON_SUM in
	""|*" down 0")
		ndrv_fail "control: linkmon did not see a link bounce of $DUT_IF as down (${LINKMON_SUM:-no summary}), so its checks prove nothing" ;;
	esac
	ndrv_log "control: a link bounce of $DUT_IF, seen by linkmon: ${LINKMON_SUM#events }"
}

# ndrv_tcp_out_rsts NS: TCP resets sent from namespace NS.
ndrv_tcp_out_rsts() {
	ndrv_in "$1" cat /proc/net/snmp |
		awk '/^Tcp:/ { if (!c) { for (i = 1; i <= NF; i++) if ($i == "OutRsts") c = i } else print $c }'
}

# ndrv_peer_rx_mb: megabytes the peer's interface has received.
ndrv_peer_rx_mb() {
	ndrv_dev_counter peer "$PEER_IF" 2 | awk '{ print int($1 / 1048576) }'
}

# ndrv_dev_counter NS IF FIELD: field FIELD of IF's line in the
# namespace's /proc/net/dev, the name being field 1 (2: Rx bytes, 3: Rx
# packets, 10: Tx bytes, 11: Tx packets); nothing if IF is not there.
ndrv_dev_counter() {
	ndrv_in "$1" cat /proc/net/dev |
		awk -v i="$2:" -v f="$3" '{ sub(":", ": ") } $1 == i { print $f }'
}

# ndrv_wait_peer_rx BASE MB PID FILE...: wait until the peer has received
# MB more than BASE (its count before), for at most 60 s, while PID (a
# transfer in the background, writing to FILE...) runs.
ndrv_wait_peer_rx() {
	local i=0 base=$1 mb=$2 pid=$3

	shift 3
	while [ "$(ndrv_peer_rx_mb)" -lt $((base + mb)) ]; do
		i=$((i + 1))
		[ $i -lt 600 ] || ndrv_fail "the transfer did not reach $mb MB in 60 s"
		kill -0 "$pid" 2>/dev/null ||
			ndrv_fail "the transfer ended before $mb MB: $(cat "$@")"
		sleep 0.1
	done
}

# ndrv_tcp_rsts_check NAME DUT PEER: fail unless the TCP resets either
# namespace sent are still DUT and PEER (ndrv_tcp_out_rsts, taken before).
ndrv_tcp_rsts_check() {
	[ "$(ndrv_tcp_out_rsts dut)" = "$2" ] &&
		[ "$(ndrv_tcp_out_rsts peer)" = "$3" ] ||
		ndrv_fail "$1: TCP resets were sent: dut $2 -> $(ndrv_tcp_out_rsts dut), peer $3 -> $(ndrv_tcp_out_rsts peer)"
}

# ndrv_tcp_metric NAME MB CS: MB in CS centiseconds, as a throughput metric.
ndrv_tcp_metric() {
	local cs=$3

	[ "$cs" -gt 0 ] 2>/dev/null || cs=1
	ndrv_metric "$1-throughput" $(($2 * 8 * 1048576 / cs / 10000)) Mbit/s
}

# ndrv_tcp_start MB: send MB of random data from the dut namespace to the
# peer in the background; returns once a fifth of it (20 MB of 100) has
# arrived. Sets XFER_PID, XFER_SUM, XFER_MB and the reset counters
# ndrv_tcp_finish compares.
ndrv_tcp_start() {
	local base

	XFER_MB=$1
	XFER_SUM=$(ndrv_make_data /tmp/data "$XFER_MB")
	XFER_RST_DUT=$(ndrv_tcp_out_rsts dut)
	XFER_RST_PEER=$(ndrv_tcp_out_rsts peer)
	base=$(ndrv_peer_rx_mb)
	ndrv_tcp_transfer dut peer "$NDRV_PEER_ADDR" /tmp/data 5001 360 \
		>/tmp/xfer.out 2>/tmp/xfer.err &
	XFER_PID=$!
	ndrv_wait_peer_rx "$base" $((XFER_MB / 5)) "$XFER_PID" /tmp/xfer.out /tmp/xfer.err
}

# ndrv_tcp_finish NAME: wait for the transfer of ndrv_tcp_start; fail
# unless it completed md5-identical with no TCP reset on either side.
ndrv_tcp_finish() {
	local rc=0 out got cs

	wait $XFER_PID || rc=$?
	out=$(tail -n 1 /tmp/xfer.out)
	got=${out% *}
	cs=${out##* }
	[ $rc = 0 ] ||
		ndrv_fail "$1: the transfer failed (md5 '$got'): $(cat /tmp/xfer.err)"
	[ "$got" = "$XFER_SUM" ] ||
		ndrv_fail "$1: data corrupted or truncated: md5 $got, sent $XFER_SUM"
	ndrv_tcp_rsts_check "$1" "$XFER_RST_DUT" "$XFER_RST_PEER"
	ndrv_tcp_metric "$1" "$XFER_MB" "$cs"
}

# ndrv_bidir_start MB: send MB of random data each way between the dut
# and the peer namespaces at once, over two TCP connections, in the
# background; returns once a fifth of the outgoing data has arrived. Sets
# BIDIR_MB and what ndrv_bidir_finish checks.
ndrv_bidir_start() {
	local base

	BIDIR_MB=$1
	BIDIR_OUT_SUM=$(ndrv_make_data /tmp/out "$BIDIR_MB")
	BIDIR_IN_SUM=$(ndrv_make_data /tmp/in "$BIDIR_MB")
	BIDIR_RST_DUT=$(ndrv_tcp_out_rsts dut)
	BIDIR_RST_PEER=$(ndrv_tcp_out_rsts peer)
	base=$(ndrv_peer_rx_mb)
	ndrv_tcp_transfer dut peer "$NDRV_PEER_ADDR" /tmp/out 5001 360 >/tmp/out.res 2>&1 &
	BIDIR_OUT_PID=$!
	ndrv_tcp_transfer peer dut "$NDRV_DUT_ADDR" /tmp/in 5002 360 >/tmp/in.res 2>&1 &
	BIDIR_IN_PID=$!
	ndrv_wait_peer_rx "$base" $((BIDIR_MB / 5)) "$BIDIR_OUT_PID" /tmp/out.res
}

# ndrv_bidir_finish NAME: wait for the transfers of ndrv_bidir_start; fail
# unless both completed md5-identical with no TCP reset on either side.
ndrv_bidir_finish() {
	local rc=0 out in

	wait "$BIDIR_OUT_PID" || rc=1
	wait "$BIDIR_IN_PID" || rc=$((rc + 2))
	out=$(tail -n 1 /tmp/out.res)
	in=$(tail -n 1 /tmp/in.res)
	[ "$rc" = 0 ] ||
		ndrv_fail "$1: a transfer failed (out '$out', in '$in', $(dmesg | grep -c 'stall: Tx queue') Tx stalls, DUT driver $(ndrv_pci_driver "$DUT_PCI"))"
	[ "${out% *}" = "$BIDIR_OUT_SUM" ] ||
		ndrv_fail "$1: outgoing data corrupted or truncated: md5 ${out% *}, sent $BIDIR_OUT_SUM"
	[ "${in% *}" = "$BIDIR_IN_SUM" ] ||
		ndrv_fail "$1: incoming data corrupted or truncated: md5 ${in% *}, sent $BIDIR_IN_SUM"
	ndrv_tcp_rsts_check "$1" "$BIDIR_RST_DUT" "$BIDIR_RST_PEER"
	ndrv_tcp_metric "$1-out" "$BIDIR_MB" "${out##* }"
	ndrv_tcp_metric "$1-in" "$BIDIR_MB" "${in##* }"
}

# ndrv_bql NS IF KEY: byte queue limits figure KEY (inflight, limit...)
# of IF's first Tx queue. Read through a sysfs mounted in NS, in a mount
# namespace of its own: sysfs shows the interfaces of the network
# namespace it was mounted from.
ndrv_bql() {
	ndrv_in "$1" unshare -m sh -c "mkdir -p /tmp/sys-$1 &&
		mount -t sysfs sysfs /tmp/sys-$1 &&
		cat /tmp/sys-$1/class/net/$2/queues/tx-0/byte_queue_limits/$3"
}

# ndrv_check_bql NS IF: after traffic, the driver reported to BQL (its
# limit grew) and completed every byte it was given.
ndrv_check_bql() {
	local inflight limit i=0

	while :; do
		inflight=$(ndrv_bql "$1" "$2" inflight) ||
			ndrv_fail "no byte queue limits for $2 (CONFIG_BQL?)"
		[ "$inflight" != 0 ] && [ $i -lt 20 ] || break
		i=$((i + 1))
		sleep 0.1
	done
	limit=$(ndrv_bql "$1" "$2" limit)
	[ "$inflight" = 0 ] ||
		ndrv_fail "BQL: $inflight bytes of $2 never completed"
	[ "$limit" -gt 0 ] ||
		ndrv_fail "BQL: $2's limit is still 0 after traffic: its driver does not report to BQL"
	ndrv_log "BQL: $2 limit $limit, nothing in flight"
}

# ndrv_nbd_start MEGABYTES [persist]: serve a fresh backing file
# /tmp/nbd.img from nbd-server on 127.0.0.1:10809 and connect /dev/nbd0 to
# it. With "persist", nbd-client connects through ioctls and stays, to
# connect again when the kernel ends its connection (-nonetlink -persist):
# what an nbd device needs to be recovered (Documentation/admin-guide.md).
ndrv_nbd_start() {
	ndrv_need_cmd nbd-server nbd-client
	ip link set lo up
	dd if=/dev/zero of=/tmp/nbd.img bs=1M count=0 seek="$1" 2>/dev/null
	cat >/tmp/nbd-server.conf <<-EOC
	[generic]
	    listenaddr = 127.0.0.1
	    port = 10809
	[disk]
	    exportname = /tmp/nbd.img
	EOC
	nbd-server -C /tmp/nbd-server.conf -p /run/nbd-server.pid >/tmp/nbd-server.log 2>&1 ||
		ndrv_fail "nbd-server did not start: $(cat /tmp/nbd-server.log)"
	ndrv_modprobe nbd nbds_max=2
	if [ "${2:-}" = persist ]; then
		nbd-client 127.0.0.1 10809 /dev/nbd0 -N disk -nonetlink -persist \
			>/tmp/nbd-client.log 2>&1 ||
			ndrv_fail "nbd-client could not connect /dev/nbd0: $(cat /tmp/nbd-client.log)"
		ndrv_nbd_wait_pid 20 ||
			ndrv_fail "/dev/nbd0 did not come up (no /sys/block/nbd0/pid): $(cat /tmp/nbd-client.log)"
	else
		nbd-client -N disk 127.0.0.1 10809 /dev/nbd0 >/tmp/nbd-client.log 2>&1 ||
			ndrv_fail "nbd-client could not connect /dev/nbd0: $(cat /tmp/nbd-client.log)"
	fi
}

# ndrv_nbd_wait_pid SECONDS: wait until /dev/nbd0 is connected (its
# driver shows the client's pid); false after SECONDS.
ndrv_nbd_wait_pid() {
	local i=0

	while [ ! -r /sys/block/nbd0/pid ] || [ ! -s /sys/block/nbd0/pid ]; do
		i=$((i + 1))
		[ $i -le $(($1 * 10)) ] || return 1
		sleep 0.1
	done
}

# ndrv_nbd_fs_start FILES MB: ext4 on /dev/nbd0, mounted on /mnt; FILES
# files of MB MB of random data made in /tmp, and a writer started in the
# background that copies each in and fsyncs it. Errors it meets go to
# /tmp/writer.err; /tmp/writer.done counts the files written.
ndrv_nbd_fs_start() {
	local i=0

	NDRV_NBD_FILES=$1
	NDRV_NBD_MB=$2
	mkfs.ext4 -F -q /dev/nbd0 || ndrv_fail "mkfs.ext4 on /dev/nbd0 failed"
	mkdir -p /mnt
	mount -t ext4 /dev/nbd0 /mnt || ndrv_fail "cannot mount /dev/nbd0"
	while [ $i -lt "$NDRV_NBD_FILES" ]; do
		ndrv_make_data "/tmp/src.$i" "$NDRV_NBD_MB" >"/tmp/src.$i.md5"
		i=$((i + 1))
	done
	: >/tmp/writer.err
	echo 0 >/tmp/writer.done
	(
		i=0
		while [ $i -lt "$NDRV_NBD_FILES" ]; do
			cp "/tmp/src.$i" "/mnt/file.$i" 2>>/tmp/writer.err ||
				echo "cp file.$i failed" >>/tmp/writer.err
			sync "/mnt/file.$i" 2>>/tmp/writer.err ||
				echo "fsync file.$i failed" >>/tmp/writer.err
			i=$((i + 1))
			echo $i >/tmp/writer.done
		done
	) &
	NDRV_NBD_WRITER=$!
}

# ndrv_nbd_fs_wait N: wait until the writer has written N files.
ndrv_nbd_fs_wait() {
	while [ "$(cat /tmp/writer.done)" -lt "$1" ]; do
		sleep 0.1
	done
}

# ndrv_nbd_fs_check: the writer finished without an error; every file
# reads back md5-identical from the device (not the page cache); e2fsck
# finds the filesystem clean; the server's backing file holds what the
# device reads; no I/O error reached the kernel log.
ndrv_nbd_fs_check() {
	local i=0 got

	[ -z "$NDRV_NBD_WRITER" ] || wait "$NDRV_NBD_WRITER"
	[ -s /tmp/writer.err ] && ndrv_fail "the workload saw errors: $(cat /tmp/writer.err)"
	sync
	echo 3 >/proc/sys/vm/drop_caches
	while [ $i -lt "$NDRV_NBD_FILES" ]; do
		got=$(md5sum <"/mnt/file.$i" | cut -d' ' -f1)
		[ "$got" = "$(cat "/tmp/src.$i.md5")" ] ||
			ndrv_fail "/mnt/file.$i reads back differently"
		i=$((i + 1))
	done
	umount /mnt || ndrv_fail "umount /mnt failed"
	e2fsck -fn /dev/nbd0 >/tmp/fsck.log 2>&1 ||
		{ cat /tmp/fsck.log; ndrv_fail "e2fsck found errors"; }
	cmp /dev/nbd0 /tmp/nbd.img ||
		ndrv_fail "the server's backing file differs from what /dev/nbd0 reads"
	if dmesg | grep -E 'I/O error|EXT4-fs error|EXT4-fs warning|Buffer I/O'; then
		ndrv_fail "an I/O error reached the kernel log"
	fi
}

ndrv_nbd_stop() {
	nbd-client -d /dev/nbd0 >/dev/null 2>&1
	kill "$(cat /run/nbd-server.pid 2>/dev/null)" 2>/dev/null
}

# ndrv_net_pair NIC: load the driver under test (8139cp, 8139too, e1000 or
# vmxnet3) and a peer driver for the other NIC of "nics: rtl8139,e1000"
# (e1000 for vmxnet3, of "nics: vmxnet3,e1000"), and set up the two
# namespaces.
ndrv_net_pair() {
	case $1 in
	8139cp)
		ndrv_modprobe 8139cp
		ndrv_modprobe e1000
		ndrv_net_setup 8139cp e1000 ;;
	8139too)
		ndrv_modprobe 8139too bind_cplus=1
		ndrv_modprobe e1000
		ndrv_net_setup 8139too e1000 ;;
	e1000)
		ndrv_modprobe e1000
		ndrv_modprobe 8139cp
		ndrv_net_setup e1000 8139cp ;;
	vmxnet3)
		ndrv_modprobe vmxnet3
		ndrv_modprobe e1000
		ndrv_net_setup vmxnet3 e1000 ;;
	*)
		ndrv_fail "unknown NIC driver '$1' (8139cp, 8139too, e1000 or vmxnet3)" ;;
	esac
	# The RTL8139's other driver is loaded too, after the DUT's has bound
	# the only RTL8139: it binds nothing, but nDriver keeps its image
	# (and parameters) to swap it in when the DUT's driver fails.
	case $1 in
	8139cp) ndrv_modprobe 8139too bind_cplus=1 ;;
	8139too) ndrv_modprobe 8139cp ;;
	esac
	NDRV_DUT_DRV=$1
}

NDRV_DEBUGFS=/sys/kernel/debug/ndriver

# ndrv_udp_pps SECS: packets/s the peer received from a 64-byte UDP flood
# of SECS seconds by the DUT (needs /ndrv/bin/udpflood).
ndrv_udp_pps() {
	local rx0 rx1

	rx0=$(ndrv_in peer awk -v i="$PEER_IF:" '$1 == i { print $3 }' /proc/net/dev)
	ndrv_in dut /ndrv/bin/udpflood "$NDRV_PEER_ADDR" 9 "$1" 64 >/tmp/flood ||
		ndrv_fail "udpflood failed: $(cat /tmp/flood)"
	sleep 1
	rx1=$(ndrv_in peer awk -v i="$PEER_IF:" '$1 == i { print $3 }' /proc/net/dev)
	echo $(((rx1 - rx0) / $1))
}

# ndrv_armed DRIVER WHAT: tell the kernel log, before a fault is armed,
# which driver it is in. The line goes through /dev/kmsg, in order with
# the kernel's own messages (the console's copy of a script's output may
# still be on its way when the kernel oopses): a control passes only on
# a crash that comes after it and names DRIVER (ktest/lib/judge.sh).
ndrv_armed() {
	echo "ndrv-test: armed $1: $2" >/dev/kmsg
}

# ndrv_inject DEVICE TYPE ENTRY: arm the fault injector.
ndrv_inject() {
	local drv

	[ -w "$NDRV_DEBUGFS/inject" ] ||
		ndrv_skip "no fault injector (CONFIG_NDRIVER_INJECT) in this kernel"
	# A PCI device's driver, or a block device's (nbd0: nbd).
	if [ -e "/sys/bus/pci/devices/$1" ]; then
		drv=$(ndrv_pci_driver "$1")
	else
		drv=${1%%[0-9]*}
	fi
	ndrv_armed "$drv" "$2 at $3 of $1"
	echo "$1 $2 $3" >"$NDRV_DEBUGFS/inject" ||
		ndrv_fail "cannot arm a $2 fault at $3 of $1"
	ndrv_log "$(head -n 1 "$NDRV_DEBUGFS/inject")"
}

# ndrv_net_trigger ENTRY: make the kernel call the DUT's driver there.
ndrv_net_trigger() {
	case $1 in
	xmit|irq|poll)
		# Three packets 0.2 s apart, not ping's default 1 s: the
		# fault comes with the first, and this runs in 100+ boots.
		ndrv_in dut ping -c 3 -i 0.2 -W 1 "$NDRV_PEER_ADDR" >/dev/null 2>&1 ;;
	open)
		ndrv_in dut ip link set "$DUT_IF" down
		ndrv_in dut ip link set "$DUT_IF" up 2>&1 | sed 's/^/ip: /' ;;
	stop)
		ndrv_in dut ip link set "$DUT_IF" down ;;
	ethtool*)
		ndrv_in dut ethtool -i "$DUT_IF" >/dev/null 2>&1 ;;
	*)
		ndrv_fail "no way to trigger entry point '$1'" ;;
	esac
}

# nDriver's trace events, read through tracefs as a user would.
# ndrv_trace_start clears the trace buffer and enables the ndriver event
# group; ndrv_trace_expect EVENT PATTERN fails unless the buffer holds an
# EVENT line whose fields match PATTERN (grep -E), and logs it.
NDRV_TRACEFS=/sys/kernel/tracing
ndrv_trace_start() {
	[ -d "$NDRV_TRACEFS/events/ndriver" ] ||
		ndrv_fail "no ndriver events in $NDRV_TRACEFS: build the test kernel with config/qemu-test.config (CONFIG_FTRACE, CONFIG_ENABLE_DEFAULT_TRACERS)"
	echo >"$NDRV_TRACEFS/trace"
	echo 1 >"$NDRV_TRACEFS/events/ndriver/enable"
	echo 1 >"$NDRV_TRACEFS/tracing_on"
}

ndrv_trace_expect() {
	local lines match

	lines=$(grep " $1: " "$NDRV_TRACEFS/trace" || true)
	match=$(echo "$lines" | grep -E -m 1 "$2" || true)
	[ -n "$match" ] ||
		ndrv_fail "no $1 event matching '$2' in $NDRV_TRACEFS/trace (${lines:-no $1 event at all})"
	ndrv_log "trace: $(echo "$match" | sed 's/^ *//')"
}

# The stats key of an injector fault type.
ndrv_fault_key() {
	case $1 in
	bug) echo invalid_op ;;
	*) echo "$1" ;;
	esac
}

# ndrv_stat DEVICE KEY: a counter of the device's stats file (0 if absent).
ndrv_stat() {
	local v

	v=$(sed -n "s/^$2 //p" "$NDRV_DEBUGFS/$1/stats" 2>/dev/null)
	echo "${v:-0}"
}

# ndrv_state DEVICE: "live", "failed" or "none" (no driver).
ndrv_state() {
	local s

	s=$(sed -n 's/^state: //p' "$NDRV_DEBUGFS/$1/state" 2>/dev/null)
	echo "${s:-none}"
}

# ndrv_expect_no_fault WHAT: fail if a guarded driver faulted or was
# found hung during WHAT, where nothing was injected: a false positive of
# the hang detector (a slow call taken for a hung one) ends here.
ndrv_expect_no_fault() {
	local lines

	lines=$(dmesg | grep 'driver instance stopped' || true)
	[ -z "$lines" ] ||
		ndrv_fail "a driver was stopped during $1, where nothing was injected: $(echo "$lines" | head -n 2)"
}

# ndrv_tainted_warn: whether the kernel is tainted W (TAINT_WARN, bit 9),
# the mark every contained fault leaves (and any WARN()).
ndrv_tainted_warn() {
	[ $(($(cat /proc/sys/kernel/tainted) >> 9 & 1)) = 1 ]
}

# ndrv_knob_ranges: every numeric knob of nDriver refuses a value out of
# its documented range (Documentation/admin-guide.md) with an error and a
# message naming the range, and keeps its value; "KNOB BAD..." per line.
NDRV_KNOBS='hang_guard_ms 10001
hang_floor_ms 0 9 60001
hang_ceiling_ms 0 600001
hang_sleep_ms 0 99
hang_nmi_ms 1 9 10001
storm_max 0 65
storm_window 86401
drain_ms 0 99
unload_ms 600001
blk_hold_s 0 3601
stall_floor_ms 1 19 60001
stall_ceiling_ms 0 60001
verify_ms 1 99 60001
rx_stall_ms 1 99 60001'
ndrv_knob_ranges() {
	local dir=/sys/module/ndriver/parameters knob bad was n=0

	echo "$NDRV_KNOBS" | while read -r knob bad; do
		[ -w "$dir/$knob" ] || ndrv_fail "no writable $dir/$knob"
		was=$(cat "$dir/$knob")
		for v in $bad; do
			if echo "$v" 2>/dev/null >"$dir/$knob"; then
				ndrv_fail "ndriver.$knob took $v, out of its range"
			fi
			[ "$(cat "$dir/$knob")" = "$was" ] ||
				ndrv_fail "ndriver.$knob is $(cat "$dir/$knob") after a refused $v, was $was"
			dmesg | tail -n 5 | grep -q "ndriver: $knob must be " ||
				ndrv_fail "no message for ndriver.$knob=$v: $(dmesg | tail -n 1)"
		done
		echo "$was" >"$dir/$knob" || ndrv_fail "ndriver.$knob refused its own value $was"
	done
	n=$(echo "$NDRV_KNOBS" | wc -l)
	ndrv_log "$n knobs refuse values out of their ranges"
}

# ndrv_taint_check WHAT: after a contained fault: fail unless the kernel
# is tainted W and, on a lockdep kernel, lock debugging is still on.
ndrv_taint_check() {
	ndrv_tainted_warn ||
		ndrv_fail "$1 left the kernel untainted (tainted=$(cat /proc/sys/kernel/tainted)): a contained fault must taint it W"
	[ -r /proc/lockdep_stats ] || return 0
	grep -Eq 'debug_locks: +1$' /proc/lockdep_stats ||
		ndrv_fail "lock debugging is off after $1: $(grep debug_locks /proc/lockdep_stats)"
}

# ndrv_deaf_check: the controls' proof that the DUT's driver is deaf
# (the injector's "deaf") and stays so: no ping gets through, while the
# driver counts frames received. Sets DEAF_FRAMES to that count.
ndrv_deaf_check() {
	local rx0 rx1

	rx0=$(ndrv_dev_counter dut "$DUT_IF" 3)
	! ndrv_in dut ping -c 5 -i 0.5 -W 1 "$NDRV_PEER_ADDR" >/dev/null ||
		ndrv_fail "a ping got through the deaf driver: the injection did not work"
	sleep 3
	rx1=$(ndrv_dev_counter dut "$DUT_IF" 3)
	[ "$rx1" -gt "$rx0" ] ||
		ndrv_fail "the deaf driver counted no received frame ($rx0 -> $rx1 packets): it is not receiving at all"
	DEAF_FRAMES=$((rx1 - rx0))
}

# Leak checks around a stretch of swaps. ndrv_leaks_start makes kmemleak
# forget what boot left behind, so that only objects lost afterwards
# count; ndrv_leaks_check WHAT SLAB0 fails if slab grew by 2 MiB or more
# since SLAB0 (an ndrv_slab_kb; a leak of one driver's rings or disk per
# swap would be megabytes, caches move a little) or if kmemleak reports
# an unreferenced object. Without kmemleak (CONFIG_DEBUG_KMEMLEAK=n, or
# booted without kmemleak=on) that half is skipped, loudly, and
# NDRV_LEAKCHECK says so for the verdict. The growth is left in
# NDRV_SLAB_DELTA.
ndrv_slab_kb() {
	sed -n 's/^Slab: *\([0-9]*\) kB/\1/p' /proc/meminfo
}

# KASAN keeps freed objects in a quarantine, megabytes of them, before
# the slab gets them back: there the slab's growth says nothing of leaks,
# and kmemleak alone judges. (Looked up here, early: later, the kernel log
# may have wrapped.)
ndrv_leaks_start() {
	NDRV_KASAN=$(dmesg | grep -c 'KernelAddressSanitizer initialized' || true)
	NDRV_KMEMLEAK=/sys/kernel/debug/kmemleak
	if [ -w "$NDRV_KMEMLEAK" ]; then
		# Scans run here, when asked: the automatic ones would take
		# the emulated CPUs away for seconds at a time.
		echo scan=off >"$NDRV_KMEMLEAK"
		echo scan >"$NDRV_KMEMLEAK" && echo clear >"$NDRV_KMEMLEAK"
		NDRV_LEAKCHECK="no kmemleak report"
	else
		ndrv_log "no $NDRV_KMEMLEAK (CONFIG_DEBUG_KMEMLEAK=n or kmemleak=off): leak check SKIPPED"
		NDRV_KMEMLEAK=
		NDRV_LEAKCHECK="kmemleak check NOT run"
	fi
}

ndrv_leaks_check() {
	local n

	NDRV_SLAB_DELTA=$(($(ndrv_slab_kb) - $2))
	if [ "$NDRV_KASAN" -gt 0 ]; then
		ndrv_log "slab grew by $NDRV_SLAB_DELTA kB over $1 (KASAN quarantine: not a leak check)"
	elif [ "$NDRV_SLAB_DELTA" -ge 2048 ]; then
		ndrv_fail "slab grew by $NDRV_SLAB_DELTA kB over $1"
	fi
	[ -n "$NDRV_KMEMLEAK" ] || return 0
	# An object is reported once unreferenced for 5 s and seen so by
	# two scans.
	sleep 6
	echo scan >"$NDRV_KMEMLEAK"
	echo scan >"$NDRV_KMEMLEAK"
	n=$(grep -c '^unreferenced object' "$NDRV_KMEMLEAK" || true)
	if [ "$n" -ne 0 ]; then
		head -n 40 "$NDRV_KMEMLEAK"
		ndrv_fail "kmemleak reports $n unreferenced objects after $1"
	fi
	ndrv_log "kmemleak: no unreferenced object after $1"
}

# ndrv_recovery_stat DEVICE KEY: a value of the device's recovery file.
ndrv_recovery_stat() {
	local v

	v=$(sed -n "s/^$2 //p" "$NDRV_DEBUGFS/$1/recovery" 2>/dev/null)
	echo "${v:-0}"
}

# ndrv_wait_recoveries DEVICE N [SECONDS]: until N recoveries (or an
# error, or a give-up) have ended; fails after SECONDS (default 30).
ndrv_wait_recoveries() {
	local i=0 limit=${3:-30}

	while [ $i -lt $((limit * 10)) ]; do
		[ "$(ndrv_recovery_stat "$1" recoveries)" -ge "$2" ] && return 0
		[ "$(ndrv_recovery_stat "$1" recovery_errors)" -gt 0 ] && return 1
		[ "$(ndrv_recovery_stat "$1" given_up)" = 1 ] && return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# ndrv_pci_driver DEVICE: the driver bound to a PCI device, or "none".
ndrv_pci_driver() {
	local l

	l=$(readlink "/sys/bus/pci/devices/$1/driver" 2>/dev/null) || { echo none; return; }
	basename "$l"
}

# ndrv_irq_quiet PCI: fail if the device's interrupt line took a storm of
# interrupts no handler claimed. A failed driver's device may still
# assert the interrupt that driver left pending; without the interrupt
# fence (INTx Disable until the next driver's probe returns) the next
# driver's handler met 40000-60000 of them on a latched line (8139too
# after 8139cp, about one swap-admin run in ten). A few unclaimed ones on
# a shared line are normal; 48 runs with the fence saw none.
ndrv_irq_quiet() {
	local irq n

	irq=$(cat "/sys/bus/pci/devices/$1/irq" 2>/dev/null) || return 0
	n=$(sed -n 's/^unhandled //p' "/proc/irq/$irq/spurious" 2>/dev/null)
	ndrv_log "irq $irq of $1: ${n:-?} interrupts unclaimed"
	[ "${n:-0}" -lt 1000 ] ||
		ndrv_fail "interrupt line $irq of $1 took $n interrupts no handler claimed: the failed driver's interrupt still asserted? (the interrupt fence, Documentation/design.md)"
}

# ndrv_if_of_pci PCI: the interface of PCI device PCI in the initial
# namespace, or nothing.
ndrv_if_of_pci() {
	local l

	for l in /sys/class/net/*; do
		l=$(basename "$l")
		[ "$(ndrv_pci_of_if "$l" 2>/dev/null)" = "$1" ] && echo "$l"
	done
	return 0
}

# ndrv_net_adopt WHAT: the DUT's new net_device (after a reload, a
# rescan) goes to the dut namespace with the DUT's address and must reach
# the peer; sets DUT_IF and DUT_IFINDEX. WHAT names the event for the
# failure messages.
ndrv_net_adopt() {
	DUT_IF=$(ndrv_if_of_pci "$DUT_PCI")
	[ -n "$DUT_IF" ] || ndrv_fail "no interface for $DUT_PCI after $1"
	ndrv_ns_join dut "$DUT_IF" "$NDRV_DUT_ADDR"
	DUT_IFINDEX=$(ndrv_net_ifindex dut "$DUT_IF")
	ndrv_wait_ping dut "$NDRV_PEER_ADDR" 30 ||
		ndrv_fail "$DUT_IF does not reach the peer after $1"
}

# ndrv_wait_dmesg PATTERN SECONDS WHAT: until the kernel log matches
# PATTERN (grep); fails with "WHAT within SECONDS s" after SECONDS.
ndrv_wait_dmesg() {
	local i=0

	until dmesg | grep -q "$1"; do
		i=$((i + 1))
		[ $i -lt $(($2 * 10)) ] || ndrv_fail "$3 within $2 s"
		sleep 0.1
	done
}

# ndrv_fault_held TYPE ENTRY: a fault of TYPE at ENTRY of the DUT whose
# recovery is held open: the injector holds the module for 2 s from the
# fault, the recovery waits up to 3 s for it. Returns once the fault is
# contained; ndrv_fault_release ends the hold.
ndrv_fault_held() {
	echo 3000 >/sys/module/ndriver/parameters/unload_ms ||
		ndrv_fail "cannot set ndriver.unload_ms"
	echo 2000 >"$NDRV_DEBUGFS/inject-hold-ms"
	dmesg -c >/dev/null
	ndrv_inject "$DUT_PCI" "$1" "$2"
	ndrv_net_trigger "$2" &
	NDRV_HELD_TRIGGER=$!
	ndrv_wait_dmesg "ndriver: $DUT_PCI: $NDRV_DUT_DRV#[0-9]*: .*driver instance stopped" 10 \
		"the injected fault was not contained"
}

ndrv_fault_release() {
	wait "$NDRV_HELD_TRIGGER" || :
	echo 0 >"$NDRV_DEBUGFS/inject-hold-ms"
	echo off >"$NDRV_DEBUGFS/inject"
}

# ndrv_net_reload: what an admin's script does without nDriver: unload
# the DUT's driver, load it again, and put the new interface back where
# the old one was (dut namespace, address, up) until the peer answers.
# Sets DUT_IF to the new interface.
ndrv_net_reload() {
	local drv

	drv=$(ndrv_pci_driver "$DUT_PCI")
	rmmod "$drv" || ndrv_fail "rmmod $drv failed"
	# 8139too drives the C+ chip only when asked to.
	if [ "$drv" = 8139too ]; then
		ndrv_modprobe 8139too bind_cplus=1
	else
		ndrv_modprobe "$drv"
	fi
	DUT_IF=$(ndrv_if_of_pci "$DUT_PCI")
	[ -n "$DUT_IF" ] || ndrv_fail "no interface for $DUT_PCI after modprobe $drv"
	ndrv_ns_join dut "$DUT_IF" "$NDRV_DUT_ADDR"
	ndrv_wait_ping dut "$NDRV_PEER_ADDR" 30 ||
		ndrv_fail "the reloaded $drv does not reach the peer"
}

# ndrv_net_ifindex NS IF: the interface's index in namespace NS.
ndrv_net_ifindex() {
	local idx

	idx=$(ndrv_in "$1" ip link show dev "$2" 2>/dev/null | sed -n '1s/:.*//p')
	[ -n "$idx" ] && echo "$idx"
}

# ndrv_net_rejoin: after a swap the DUT's interface must be the same one
# (nDriver keeps the net_device): still in the dut namespace, same name
# and ifindex as before (DUT_IFINDEX, set by ndrv_net_setup), up, with
# its address; then the peer must answer again.
ndrv_net_rejoin() {
	local idx

	idx=$(ndrv_net_ifindex dut "$DUT_IF") ||
		ndrv_fail "$DUT_IF is gone from the dut namespace after the swap: the net_device was not kept"
	[ "$idx" = "$DUT_IFINDEX" ] ||
		ndrv_fail "$DUT_IF has ifindex $idx after the swap, $DUT_IFINDEX before: a new net_device"
	ndrv_in dut ip addr show dev "$DUT_IF" | grep -q "inet $NDRV_DUT_ADDR/" ||
		ndrv_fail "$DUT_IF lost its address $NDRV_DUT_ADDR in the swap"
	ndrv_wait_ping dut "$NDRV_PEER_ADDR" 30 || {
		ndrv_net_state
		ndrv_fail "$DUT_IF does not reach $NDRV_PEER_ADDR after the swap"
	}
}

# Print what a failed reachability check needs to be understood: both
# ends' link (flags, carrier, counters) and neighbour state, the NIC's own
# counters, their interrupts, and nDriver's view of the device under
# test. (/sys/class/net shows the initial namespace's devices only.)
ndrv_net_state() {
	local ns dev f

	for ns in dut peer; do
		[ $ns = dut ] && dev=$DUT_IF || dev=$PEER_IF
		ndrv_in $ns ip link show dev "$dev" 2>&1 | sed "s/^/ndrv-state| $ns: /"
		ndrv_in $ns grep -E "^ *$dev:" /proc/net/dev | sed "s/^/ndrv-state| $ns counters: /"
		ndrv_in $ns ip neigh show 2>&1 | sed "s/^/ndrv-state| $ns neigh: /"
		ndrv_in $ns ethtool -S "$dev" 2>/dev/null | grep -v ': 0$' |
			sed "s/^/ndrv-state| $ns ethtool: /"
	done
	grep -E 'eth|8139|e1000' /proc/interrupts | sed 's/^/ndrv-state| irq: /'
	for f in state stats recovery; do
		[ -r "$NDRV_DEBUGFS/$DUT_PCI/$f" ] &&
			sed "s/^/ndrv-state| $f: /" "$NDRV_DEBUGFS/$DUT_PCI/$f"
	done
	return 0
}

# Mutation faults (ndriver/mutate), judged under TCP both ways: shared by
# campaign-net (faults drawn at random) and campaign-regress (a list of
# faults known to be recovered).
NDRV_MUT=$NDRV_DEBUGFS/mutate

# ndrv_mut_setup NIC MB: the NIC pair, every swap to a fresh instance of
# NIC (the driver the profile and the draws are of), MB of data each way.
ndrv_mut_setup() {
	[ -w "$NDRV_MUT" ] ||
		ndrv_skip "no $NDRV_MUT: the kernel lacks the mutation injector (CONFIG_NDRIVER_INJECT)"
	ndrv_net_pair "$1"
	echo "$1" >"$NDRV_DEBUGFS/$DUT_PCI/alternates" ||
		ndrv_fail "cannot make $1 the only alternate of $DUT_PCI"
	# Each fault is judged on its own: a storm window of 1 s, where
	# faults come seconds apart, never gives up on the device.
	echo 1 >/sys/module/ndriver/parameters/storm_window ||
		ndrv_fail "cannot set ndriver.storm_window"
	MUT_OUT=$(ndrv_make_data /tmp/out "$2")
	MUT_IN=$(ndrv_make_data /tmp/in "$2")
}

# ndrv_mut_workload: TCP both ways at once; prints "ok", or what went
# wrong.
ndrv_mut_workload() {
	local o i r=""

	ndrv_tcp_transfer dut peer "$NDRV_PEER_ADDR" /tmp/out 5001 40 >/tmp/o.res 2>&1 &
	o=$!
	ndrv_tcp_transfer peer dut "$NDRV_DUT_ADDR" /tmp/in 5002 40 >/tmp/i.res 2>&1 &
	i=$!
	wait "$o" || r="out failed"
	wait "$i" || r="$r${r:+, }in failed"
	[ "$(tail -n 1 /tmp/o.res | cut -d' ' -f1)" = "$MUT_OUT" ] || r="$r${r:+, }out md5"
	[ "$(tail -n 1 /tmp/i.res | cut -d' ' -f1)" = "$MUT_IN" ] || r="$r${r:+, }in md5"
	echo "${r:-ok}"
}

# ndrv_mut_events: faults and recoveries of the DUT so far.
ndrv_mut_events() {
	echo $(($(ndrv_recovery_stat "$DUT_PCI" recoveries) +
		$(ndrv_recovery_stat "$DUT_PCI" recovery_errors) +
		$(ndrv_recovery_stat "$DUT_PCI" given_up)))
}

# ndrv_mut_fresh: a planned swap to a fresh instance, so that what a
# fault left behind is not blamed on the next one; the DUT must reach
# the peer.
ndrv_mut_fresh() {
	local n

	n=$(ndrv_recovery_stat "$DUT_PCI" recoveries)
	echo swap >"$NDRV_DEBUGFS/$DUT_PCI/swap" 2>/dev/null || return 1
	ndrv_wait_recoveries "$DUT_PCI" $((n + 1)) 30 || return 1
	ndrv_wait_ping dut "$NDRV_PEER_ADDR" 20
}

# ndrv_mut_fault ID KIND TARGET SEED: arm a mutation of the DUT's driver
# (TARGET: FUNCTION+OFFSET or random), run the workload until it fires
# (at most three rounds: periodic work such as a watchdog runs every
# 2 s) and one round more (its harm may show only then), judge, and swap
# to a fresh instance. Prints "NDRV-FAULT: ID NIC KIND seed=SEED OUTCOME
# WHAT; workload: RESULT" on the console for ktest/campaign.sh, and sets
# MUT_OUTCOME; fails the run if the NIC is dead after the swap.
ndrv_mut_fault() {
	local id=$1 kind=$2 target=$3 seed=$4 before what res r rounds fired n
	local detected tag="$1 $NDRV_DUT_DRV $2 seed=$4"

	before=$(ndrv_mut_events)
	echo "NDRV-FAULT-ARMED: $tag" >/dev/console
	ndrv_armed "$NDRV_DUT_DRV" "mutation $id: $kind $target seed=$seed"
	if ! echo "$DUT_PCI $kind $target seed=$seed" >"$NDRV_MUT" 2>/dev/null; then
		MUT_OUTCOME=refused
		echo "NDRV-FAULT: $tag - refused $(dmesg | tail -n 1 | sed 's/^\[[^]]*\] //')" >/dev/console
		return 0
	fi
	what=$(head -n 1 "$NDRV_MUT" | sed 's/^armed: //; s/ runs=.*//')
	res=ok
	rounds=0
	fired=0
	while [ $rounds -lt 4 ]; do
		r=$(ndrv_mut_workload)
		rounds=$((rounds + 1))
		[ "$fired" = 0 ] || { [ "$r" = ok ] || res=$r; break; }
		fired=$(sed -n '1s/.* fired=\([0-9]*\).*/\1/p' "$NDRV_MUT")
		[ "${fired:-0}" = 0 ] || { [ "$r" = ok ] || res=$r; }
		[ "${fired:-0}" != 0 ] || [ $rounds -lt 3 ] || break
	done
	echo off >"$NDRV_MUT"
	sleep 1
	detected=no
	if [ "$(ndrv_mut_events)" != "$before" ]; then
		detected=yes
		# The recovery ends before the next driver is judged.
		n=0
		while [ "$(ndrv_state "$DUT_PCI")" != live ] && [ $n -lt 300 ]; do
			n=$((n + 1))
			sleep 0.1
		done
	fi
	if [ "${fired:-0}" = 0 ]; then
		MUT_OUTCOME=not-activated
	elif [ $detected = yes ] && [ "$res" = ok ]; then
		MUT_OUTCOME=recovered
	elif [ $detected = yes ]; then
		MUT_OUTCOME=recovered-harmed
	elif [ "$res" = ok ]; then
		MUT_OUTCOME=no-effect
	else
		MUT_OUTCOME=undetected
	fi
	if [ "$MUT_OUTCOME" != not-activated ] && ! ndrv_mut_fresh; then
		echo "NDRV-FAULT: $tag dead $what; workload: $res, then no fresh instance reached the peer" >/dev/console
		ndrv_net_state
		ndrv_fail "the NIC does not work after fault $id ($what) and a planned swap"
	fi
	echo "NDRV-FAULT: $tag $MUT_OUTCOME $what; workload: $res" >/dev/console
}
