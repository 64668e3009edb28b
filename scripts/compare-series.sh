#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# compare-series.sh - apply two versions of the series to two copies of the
# pinned tree and show how the results differ.
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$REPO/build/compare-series
FILES=0

usage() {
	cat <<EOF
Usage: scripts/compare-series.sh [--files] OLD NEW

Applies the series OLD and the series NEW, each to its own copy of the
pinned Linux tree (patch --fuzz=0, in the order of its series file), and
prints 'diff -urN' of the two patched trees. An empty diff means the two
series make the same kernel, however differently they are cut into
patches: this is how a fold of fix-ups into the patches they fix is
checked.

OLD and NEW are each a git revision of this repository (its patches/ and
series at that commit, e.g. HEAD~1 or a tag) or a directory that holds
patches/ and series (e.g. . for the working tree).

  --files     list the files that differ instead of the whole diff
  -h, --help  this text

The pristine tree comes from scripts/apply.sh (--no-apply); the copies are
kept in build/compare-series/ for a look afterwards.
Exit status: 0 if the trees are identical, 1 if they differ, 2 on error.
EOF
}

die() {
	echo "compare-series.sh: error: $*" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--files) FILES=1 ;;
	-h|--help) usage; exit 0 ;;
	-*) die "unknown option '$1': see --help" ;;
	*) break ;;
	esac
	shift
done
[ $# -eq 2 ] || die "give two series, OLD and NEW: see --help"

# Put the patches and series of $1 (revision or directory) into $2.
fetch_series() {
	local src=$1 dst=$2

	rm -rf "$dst"
	mkdir -p "$dst"
	if [ -d "$src" ]; then
		[ -f "$src/series" ] && [ -d "$src/patches" ] ||
			die "$src holds no series file and patches/ directory"
		cp "$src/series" "$dst/series"
		cp -r "$src/patches" "$dst/patches"
	else
		git -C "$REPO" rev-parse --verify -q "$src^{commit}" >/dev/null ||
			die "'$src' is neither a directory nor a revision of $REPO"
		git -C "$REPO" archive "$src" series patches | tar -x -C "$dst" ||
			die "revision $src has no series and patches/"
	fi
}

# Apply the series in $1 to a fresh copy of the pristine tree at $2.
apply_to() {
	local ser=$1 tree=$2 p n=0

	rm -rf "$tree"
	cp -a "$WORK/pristine/linux-6.12.117" "$tree"
	while read -r p; do
		case $p in ''|'#'*) continue ;; esac
		p=${p%% *}
		patch -d "$tree" -p1 -s --fuzz=0 --no-backup-if-mismatch \
			<"$ser/patches/$p" >/dev/null ||
			die "$p of $ser does not apply without fuzz"
		n=$((n + 1))
	done <"$ser/series"
	echo "compare-series.sh: $n patches of $(basename "$ser") applied" >&2
}

mkdir -p "$WORK"
fetch_series "$1" "$WORK/old"
fetch_series "$2" "$WORK/new"
if [ ! -d "$WORK/pristine/linux-6.12.117" ]; then
	"$REPO/scripts/apply.sh" --work "$WORK/pristine" --no-apply >&2 ||
		die "cannot obtain the pinned tree: see scripts/apply.sh --help"
fi
apply_to "$WORK/old" "$WORK/old-tree"
apply_to "$WORK/new" "$WORK/new-tree"

cd "$WORK"
if [ $FILES -eq 1 ]; then
	diff -rq old-tree new-tree && exit 0
	exit 1
fi
diff -urN old-tree new-tree && exit 0
exit 1
