#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh - configure (base config + fragments) and build an
# nDriver kernel out of tree, with ccache.
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TREE=$REPO/work/linux-6.12.117
OUT=$REPO/build/obj
BASE=tinyconfig
JOBS=$(nproc)
FRAGMENTS=()
DEFAULT_FRAGMENTS=1
CONFIG_ONLY=0
VARIANT=""
OUT_SET=0

usage() {
	cat <<EOF
Usage: scripts/build-kernel.sh [OPTIONS]

Configure and build an x86_64 nDriver kernel out of tree (make O=...):

  1. start from a base config (default: tinyconfig, the small kernel the
     QEMU tests boot),
  2. merge the fragments (default: config/ndriver.config and
     config/qemu-test.config) with scripts/kconfig/merge_config.sh,
  3. check that every option the fragments ask for really ended up set,
     and list the ones that did not (missing dependencies),
  4. build bzImage and modules with ccache and -j$JOBS, install the modules
     into OUT/modinst, and print where everything is.

Options:
  --tree DIR       kernel tree with the series applied (default:
                   work/linux-6.12.117, made by scripts/apply.sh)
  --out DIR        build directory (default: build/obj); ccache keeps its
                   cache in DIR/../ccache
  --base CONFIG    tinyconfig, defconfig, any other make target ending in
                   'config', or a config FILE (e.g. /boot/config-\$(uname -r)
                   for a distro kernel)
  --fragment FILE  merge FILE too (repeatable)
  --variant NAME   a test kernel with sanitizers, in build/obj-NAME unless
                   --out says otherwise (ccache shared with build/obj):
                     kasan     + config/qemu-kasan.config (KASAN, list,
                               object and slab checks; virtual interrupt
                               disabling stays on)
                     lockdep   + config/qemu-lockdep.config (lockdep,
                               PROVE_RCU, atomic sleep; virtual
                               interrupt disabling off, see its Kconfig)
                     sanitize  both: the kernel the suite's sanitizer
                               boots use (ktest/run.sh --variant)
  --only FILE      merge only the fragments given with --only/--fragment,
                   not the defaults (repeatable; e.g. --only
                   config/ndriver.config on a distro base)
  --config-only    stop after configuring and checking
  -j N             parallel jobs (default: nproc = $JOBS)
  -h, --help       this text

Environment: CCACHE_DIR overrides the cache location; CC is ignored (gcc
through ccache is used when ccache is installed, plain gcc otherwise).
EOF
}

die() {
	echo "build-kernel.sh: error: $*" >&2
	exit 1
}

note() {
	echo "build-kernel.sh: $*"
}

need() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' is not installed: install it (e.g. 'apt-get install -y $2') and re-run"
}

# Print "CONFIG_FOO=value" for every option a fragment sets, and
# "CONFIG_FOO=n" for "# CONFIG_FOO is not set"; later fragments win.
requested_options() {
	sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)$/\1=\2/p' \
		-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1=n/p' "$@" |
		awk -F= '{ v[$1] = substr($0, length($1) + 2); if (!($1 in o)) { o[$1] = n++ } }
			 END { for (k in o) print o[k] "\t" k "=" v[k] }' |
		sort -n | cut -f2-
}

# Compare the requested options with the final .config; print mismatches.
check_options() {
	local config=$1 line opt want have bad=0
	shift

	while IFS= read -r line; do
		opt=${line%%=*}
		want=${line#*=}
		have=$(sed -n "s/^$opt=\(.*\)$/\1/p" "$config")
		[ -n "$have" ] || have=n
		if [ "$want" != "$have" ]; then
			echo "  $opt: requested $want, got $have" >&2
			bad=$((bad + 1))
		fi
	done < <(requested_options "$@")
	return $bad
}

main() {
	local arg base_is_file=0 start end merge_log mismatches

	while [ $# -gt 0 ]; do
		arg=$1
		case $arg in
		--tree) TREE=${2:?--tree needs a directory}; shift ;;
		--out) OUT=${2:?--out needs a directory}; OUT_SET=1; shift ;;
		--variant) VARIANT=${2:?--variant needs a name: kasan, lockdep or sanitize}; shift ;;
		--base) BASE=${2:?--base needs a config}; shift ;;
		--fragment) FRAGMENTS+=("${2:?--fragment needs a file}"); shift ;;
		--only) FRAGMENTS+=("${2:?--only needs a file}"); DEFAULT_FRAGMENTS=0; shift ;;
		--config-only) CONFIG_ONLY=1 ;;
		-j) JOBS=${2:?-j needs a number}; shift ;;
		-j*) JOBS=${arg#-j} ;;
		-h|--help) usage; exit 0 ;;
		*) die "unknown argument '$arg': see 'scripts/build-kernel.sh --help'" ;;
		esac
		shift
	done
	[[ $JOBS =~ ^[0-9]+$ ]] && [ "$JOBS" -gt 0 ] || die "-j needs a positive number, not '$JOBS'"
	case $VARIANT in
	"") ;;
	kasan|lockdep) FRAGMENTS+=("$REPO/config/qemu-$VARIANT.config") ;;
	sanitize) FRAGMENTS+=("$REPO/config/qemu-kasan.config" "$REPO/config/qemu-lockdep.config") ;;
	*) die "unknown --variant '$VARIANT': kasan, lockdep or sanitize" ;;
	esac
	[ -z "$VARIANT" ] || [ $OUT_SET -eq 1 ] || OUT=$REPO/build/obj-$VARIANT
	if [ $DEFAULT_FRAGMENTS -eq 1 ]; then
		FRAGMENTS=("$REPO/config/ndriver.config" "$REPO/config/qemu-test.config" "${FRAGMENTS[@]}")
	fi

	[ -f "$TREE/Makefile" ] ||
		die "$TREE is not a kernel tree: run scripts/apply.sh first, or pass --tree DIR"
	[ -e "$TREE/.config" ] &&
		die "$TREE has an in-tree .config: run 'make -C $TREE mrproper' (O= builds need a clean tree)"
	for arg in "${FRAGMENTS[@]}"; do
		[ -f "$arg" ] || die "config fragment $arg: no such file"
	done
	if [ -f "$BASE" ]; then
		base_is_file=1
		BASE=$(cd "$(dirname "$BASE")" && pwd)/$(basename "$BASE")
	elif [[ $BASE != *config ]]; then
		die "--base $BASE is neither a file nor a '*config' make target (e.g. tinyconfig, defconfig)"
	fi
	need make make
	need gcc gcc
	need flex flex
	need bison bison
	need bc bc
	need depmod kmod
	need perl perl

	mkdir -p "$OUT"
	OUT=$(cd "$OUT" && pwd)
	TREE=$(cd "$TREE" && pwd)
	local -a MAKE=(make -C "$TREE" O="$OUT" ARCH=x86_64)
	if command -v ccache >/dev/null 2>&1; then
		export CCACHE_DIR=${CCACHE_DIR:-$(dirname "$OUT")/ccache}
		export CCACHE_BASEDIR=$TREE
		export CCACHE_NOHASHDIR=1
		# Depend mode: a miss costs one compilation, not a preprocessor
		# run to make the key and then the compilation (kbuild's -MMD
		# gives ccache the headers): a cold build is as fast as
		# without ccache, where the default mode takes half as long
		# again.
		export CCACHE_DEPEND=${CCACHE_DEPEND:-1}
		MAKE+=(CC="ccache gcc")
	else
		note "ccache not installed: building without it (apt-get install -y ccache makes rebuilds fast)"
	fi

	start=$(date +%s)
	note "configuring in $OUT (base: $BASE)"
	if [ $base_is_file -eq 1 ]; then
		cp "$BASE" "$OUT/.config"
		"${MAKE[@]}" olddefconfig >/dev/null
	else
		"${MAKE[@]}" "$BASE" >/dev/null
	fi
	merge_log=$OUT/merge_config.log
	(cd "$OUT" && ARCH=x86_64 "$TREE/scripts/kconfig/merge_config.sh" -m -O "$OUT" \
		"$OUT/.config" "${FRAGMENTS[@]}") >"$merge_log" 2>&1 ||
		die "merge_config.sh failed (see $merge_log)"
	"${MAKE[@]}" olddefconfig >/dev/null
	if ! mismatches=$(check_options "$OUT/.config" "${FRAGMENTS[@]}" 2>&1); then
		echo "$mismatches" >&2
		die "$(echo "$mismatches" | grep -c .) requested options did not end up set (missing dependencies?); fix the fragments or the base config"
	fi
	note "all $(requested_options "${FRAGMENTS[@]}" | grep -c .) requested options are set"
	[ $CONFIG_ONLY -eq 0 ] || { note "config: $OUT/.config"; return; }

	note "building bzImage and modules with -j$JOBS"
	"${MAKE[@]}" -j"$JOBS" bzImage modules
	rm -rf "$OUT/modinst"
	"${MAKE[@]}" INSTALL_MOD_PATH="$OUT/modinst" INSTALL_MOD_STRIP=1 modules_install >/dev/null
	end=$(date +%s)

	note "done in $((end - start)) s"
	note "kernel:  $OUT/arch/x86/boot/bzImage"
	note "modules: $OUT/modinst/lib/modules/$(cat "$OUT/include/config/kernel.release")"
	note "config:  $OUT/.config"
}

main "$@"
