#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# keep-mtimes.sh - keep a build incremental across quilt pop and push.
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TREE=$REPO/work/linux-6.12.117
STATE=

usage() {
	cat <<EOF2
Usage: scripts/keep-mtimes.sh save|restore [--tree DIR] [--state FILE]

'quilt pop' and 'quilt push' give every file a patch touches a new
modification time, so that the next build recompiles whatever includes
them, even where the file ends up as it was: after a fold into an early
patch, most of the kernel. 'save' records the time and checksum of each
file the series touches; 'restore', after the pops and pushes, gives
every file whose content did not change its recorded time back, and
lists the files that did change. Then only those are rebuilt.

  --tree DIR     the tree with the series applied (default:
                 work/linux-6.12.117)
  --state FILE   where the record goes (default: build/keep-mtimes)

Typical use: save; quilt pop NAME.patch; edit; quilt refresh;
quilt push -a --fuzz=0; restore.
EOF2
}

die() {
	echo "keep-mtimes.sh: error: $*" >&2
	exit 1
}

[ $# -ge 1 ] || { usage >&2; exit 1; }
cmd=$1
shift
while [ $# -gt 0 ]; do
	case $1 in
	--tree) TREE=${2:?--tree needs a directory}; shift ;;
	--state) STATE=${2:?--state needs a file}; shift ;;
	-h|--help) usage; exit 0 ;;
	*) die "unknown argument '$1': see --help" ;;
	esac
	shift
done
[ -d "$TREE/.pc" ] || die "$TREE has no quilt series applied: run scripts/apply.sh first"
STATE=${STATE:-$REPO/build/keep-mtimes}
export QUILTRC=$REPO/scripts/quiltrc
cd "$TREE"

case $cmd in
save)
	quilt series | while read -r p; do quilt files "$p" 2>/dev/null; done |
		sort -u | while read -r f; do
			[ -f "$f" ] || continue
			printf '%s %s %s\n' "$(stat -c %Y "$f")" \
				"$(md5sum <"$f" | cut -d' ' -f1)" "$f"
		done >"$STATE"
	echo "keep-mtimes.sh: recorded $(wc -l <"$STATE") files in $STATE"
	;;
restore)
	[ -f "$STATE" ] || die "no record in $STATE: run 'scripts/keep-mtimes.sh save' before quilt pop"
	kept=0
	while read -r t sum f; do
		if [ -f "$f" ] && [ "$(md5sum <"$f" | cut -d' ' -f1)" = "$sum" ]; then
			touch -d "@$t" "$f"
			kept=$((kept + 1))
		else
			echo "changed: $f"
		fi
	done <"$STATE"
	echo "keep-mtimes.sh: $kept unchanged files got their times back"
	;;
*)
	die "unknown command '$cmd': save or restore (see --help)"
	;;
esac
