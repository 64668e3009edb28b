#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# check-series.sh - bisectability: apply the series one patch at a time and
# check that the tree still configures and compiles after each step.
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TREE=$REPO/work/linux-6.12.117
OUT=$REPO/build/series-obj
FULL=0
FROM=

usage() {
	cat <<EOF
Usage: scripts/check-series.sh [--full] [--from PATCH] [--tree DIR]

Pops the whole series from the tree (made by scripts/apply.sh), then
pushes it back one patch at a time (quilt push --fuzz=0). After the
first patch and each patch that changes a Kconfig file, the test
configuration (tinyconfig + config/*.config, as of the complete series)
is refreshed with olddefconfig. A patch that changes only Documentation/
or MAINTAINERS is not compiled; after any other:

  default  every .c and .S file the patch touches that the configuration
           builds is compiled (make FILE.o; asm-offsets sources through
           make prepare), plus a few core objects that pull in
           most of include/ (init/main.o, kernel/fork.o, net/core/dev.o),
           to catch header breakage -- fast enough for every CI run;
  --full   the whole kernel and its modules are built (slow: each step can
           rebuild much of the tree; use before sending the series out).

--from PATCH builds only from PATCH (a name in series) on: the patches
before it are still pushed one at a time with --fuzz=0, and reported as
skipped. It resumes a --full run that was cut off, or checks the patches
after a change without paying again for the steps before it.

The build directory is build/series-obj (ccache in build/ccache). The tree
ends with the whole series applied, whatever happens. Prints one line per
patch and "N passed, N failed, N skipped".
EOF
}

die() {
	echo "check-series.sh: error: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case $1 in
	--full) FULL=1 ;;
	--tree) TREE=${2:?--tree needs a directory}; shift ;;
	--from) FROM=${2:?--from needs a patch name from series}; shift ;;
	-h|--help) usage; exit 0 ;;
	*) die "unknown argument '$1': see --help" ;;
	esac
	shift
done

export QUILTRC=$REPO/scripts/quiltrc
[ -d "$TREE/.pc" ] || die "$TREE has no applied series: run scripts/apply.sh first"
cd "$TREE"
[ -z "$(quilt unapplied 2>/dev/null || true)" ] ||
	die "$TREE does not have the whole series applied: run scripts/apply.sh"

# The configuration of the complete series, reused at every step.
"$REPO/scripts/build-kernel.sh" --tree "$TREE" --out "$OUT" --config-only >/dev/null
cp "$OUT/.config" "$OUT/series.config"

MAKE=(make -C "$TREE" O="$OUT" ARCH=x86_64 -j"$(nproc)")
if command -v ccache >/dev/null 2>&1; then
	# Depend mode, as in build-kernel.sh: a miss is one compilation.
	export CCACHE_DIR=$REPO/build/ccache CCACHE_BASEDIR=$TREE CCACHE_NOHASHDIR=1
	export CCACHE_DEPEND=${CCACHE_DEPEND:-1}
	MAKE+=(CC="ccache gcc")
fi

restore() {
	quilt push -a -q --fuzz=0 >/dev/null 2>&1 || true
}
trap restore EXIT

mapfile -t patches < <(quilt series)
if [ -n "$FROM" ]; then
	FROM=$(basename "${FROM%.patch}").patch
	printf '%s\n' "${patches[@]##*/}" | grep -xF "$FROM" >/dev/null ||
		die "--from $FROM: no such patch in series (see 'quilt series' in $TREE)"
fi
quilt pop -a -q >/dev/null || die "cannot pop the series: refresh or revert local changes in $TREE"

pass=0
fail=0
skip=0

# Popped, the tree is the pristine source again, except for a file that a
# patch changes though the source lacks it and no earlier patch creates
# it (made before 'quilt add'): quilt kept it as it found it, and the
# patch applies here but not to a fresh tree. apply.sh lists the source's
# files when it unpacks it.
if [ -f .ndriver-pristine ]; then
	extra=$(find . -type f ! -path './.pc/*' ! -name '.ndriver-*' |
		LC_ALL=C sort | LC_ALL=C comm -13 .ndriver-pristine - | head -n 5)
	if [ -n "$extra" ]; then
		echo "FAIL series:pristine: files left with the whole series popped that the source lacks:"
		echo "$extra" | sed 's/^/    /'
		echo "    remove a stray one; if a patch changes it though none creates it (it was made before 'quilt add'), push to that patch, then 'quilt remove FILE', 'rm FILE', 'quilt add FILE', put its content back and 'quilt refresh'"
		fail=$((fail + 1))
	else
		echo "PASS series:pristine (the popped tree has no file the source lacks)"
		pass=$((pass + 1))
	fi
else
	echo "SKIP series:pristine: $TREE has no list of its source's files (unpacked before apply.sh made one; --fresh makes one)"
	skip=$((skip + 1))
fi

config_stale=1
building=1
[ -z "$FROM" ] || building=0
for p in "${patches[@]}"; do
	name=$(basename "$p")
	[ "$name" != "$FROM" ] || building=1
	if ! out=$(quilt push -q --fuzz=0 "$name" 2>&1); then
		echo "FAIL series:$name: does not apply without fuzz"
		echo "$out" | sed 's/^/    /'
		fail=$((fail + 1))
		break
	fi
	if [ $building -eq 0 ]; then
		echo "SKIP series:$name (applies; not built: before --from)"
		skip=$((skip + 1))
		continue
	fi
	mapfile -t files < <(quilt files "$name")
	# A patch that only documents has nothing to compile. One that
	# changes no Kconfig file keeps the previous step's configuration:
	# copying the full one back would make every step pay for a
	# syncconfig (several seconds each, a quarter of this script's time
	# on a slow CI host).
	build=0 kconfig=$config_stale
	for f in "${files[@]}"; do
		case $f in
		Documentation/*|MAINTAINERS) ;;
		*) build=1 ;;
		esac
		case $f in
		*Kconfig*) kconfig=1 ;;
		esac
	done
	if [ $build -eq 0 ] && [ $FULL -eq 0 ]; then
		echo "PASS series:$name (documentation only)"
		pass=$((pass + 1))
		continue
	fi
	if [ "$kconfig" -eq 1 ]; then
		# Stale until olddefconfig succeeds: a failed one may leave a
		# .config the next patch must not build with.
		config_stale=1
		cp "$OUT/series.config" "$OUT/.config"
		if ! out=$("${MAKE[@]}" olddefconfig 2>&1); then
			echo "FAIL series:$name: olddefconfig failed"
			echo "$out" | tail -n 5 | sed 's/^/    /'
			fail=$((fail + 1))
			continue
		fi
		config_stale=0
	fi
	if [ $FULL -eq 1 ]; then
		targets=(bzImage modules)
	else
		targets=()
		for f in "${files[@]}"; do
			[ -f "$f" ] || continue
			case $f in
			# Included by asm-offsets.c, never built alone: "prepare"
			# regenerates asm-offsets.h from it.
			arch/*/kernel/asm-offsets*.c) targets+=(prepare) ;;
			*.c) targets+=("${f%.c}.o") ;;
			*.S) targets+=("${f%.S}.o") ;;
			esac
		done
		# Header changes: core objects that include most of include/.
		targets+=(init/main.o kernel/fork.o net/core/dev.o)
	fi
	# Files the configuration does not build have no rule: drop them and
	# compile the rest.
	if ! out=$("${MAKE[@]}" "${targets[@]}" 2>&1); then
		for t in $(echo "$out" | sed -n "s/.*No rule to make target '\([^']*\.o\)'.*/\1/p"); do
			for i in "${!targets[@]}"; do
				[ "${targets[$i]}" != "$t" ] || unset 'targets[i]'
			done
		done
		out=$("${MAKE[@]}" "${targets[@]}" 2>&1) || {
			echo "FAIL series:$name: does not compile"
			echo "$out" | grep -E 'error|Error' | head -n 10 | sed 's/^/    /'
			fail=$((fail + 1))
			continue
		}
	fi
	echo "PASS series:$name (${#targets[@]} targets)"
	pass=$((pass + 1))
done

echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
