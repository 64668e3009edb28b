#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# lint-patches.sh - check every patch of the series: kernel-style headers
# (From:, Subject: "[PATCH] subsys: summary", a body, Signed-off-by: of the
# repository's identity) and scripts/checkpatch.pl --strict.
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TREE=$REPO/work/linux-6.12.117

usage() {
	cat <<EOF
Usage: scripts/lint-patches.sh [--tree DIR] [PATCH...]

Checks the patches named in 'series' (or the given ones):
  - the header has From:, Subject: "[PATCH] subsys: summary", a body, and
    Signed-off-by:; From: and Signed-off-by: name the repository's git
    identity (git config user.name / user.email) when one is set;
  - scripts/checkpatch.pl --strict from the kernel tree reports no error
    and no warning (CHECK notes are shown, not counted; the intended
    findings listed in scripts/checkpatch-exceptions are ignored for their
    patch only, with the reason printed);
  - the Subject's prefix is one of the series' (ndriver:, x86/ndriver:,
    Documentation: ndriver:, module:, net:, rcu:, PCI:, or the driver's
    name) and the file is named after the Subject (lower case, words
    joined by '-', apostrophes dropped);
  - every file in patches/ is in 'series' and the other way round;
  - one '---' line separates the header from the diffstat and diff;
  - patches/0000-cover-letter exists and its Subject counts the series'
    patches ("[PATCH vN 00/M] ...").

  --tree DIR  kernel tree whose checkpatch.pl to use (default: the tree
              scripts/apply.sh unpacks)

Prints one PASS/FAIL line per check and ends with "N passed, N failed, N skipped".
EOF
}

pass=0
fail=0
ok() { echo "PASS lint:$1"; pass=$((pass + 1)); }
bad() { echo "FAIL lint:$1: $2"; fail=$((fail + 1)); }

# The file name a Subject asks for.
slug() {
	echo "$1" | tr 'A-Z' 'a-z' | sed "s/'//g; s/[^a-z0-9]\{1,\}/-/g; s/^-//; s/-\$//"
}

# patches/0000-cover-letter: there, and counting the $1 patches of series.
check_cover() {
	local cover=$REPO/patches/0000-cover-letter n=$1 subject

	[ -f "$cover" ] || { bad cover-letter "no patches/0000-cover-letter: write one (what the series does, its structure, testing, changes)"; return; }
	subject=$(sed -n 's/^Subject: //p' "$cover" | head -n1)
	[[ $subject =~ ^\[PATCH\ v[0-9]+\ 0+/$n\]\ .+ ]] ||
		{ bad cover-letter "Subject must be '[PATCH vN 00/$n] ...' for the $n patches of series, is '$subject'"; return; }
	ok cover-letter
}

check_header() {
	local p=$1 name=$2 from subject summary sob body ident

	from=$(sed -n '1,/^---$/s/^From: //p' "$p" | head -n1)
	subject=$(sed -n '1,/^---$/s/^Subject: //p' "$p" | head -n1)
	sob=$(sed -n '1,/^---$/s/^Signed-off-by: //p' "$p")
	body=$(sed -n '/^Subject: /,/^Signed-off-by: /p' "$p" | sed '1d;$d' | grep -c '[^[:space:]]' || true)
	[ -n "$from" ] || { bad "$name" "no From: line"; return; }
	[[ $subject =~ ^\[PATCH\]\ [A-Za-z0-9_/.,+-]+(:\ [A-Za-z0-9_/.,+-]+)*:\ .+ ]] ||
		{ bad "$name" "Subject must be '[PATCH] subsys: summary', is '$subject'"; return; }
	summary=${subject#\[PATCH\] }
	case $summary in
	"ndriver: "* | "x86/ndriver: "* | "Documentation: ndriver: "* | "module: "* | \
	"net: "* | "rcu: "* | "PCI: "* | "8139too: "* | "e1000: "* | "vmxnet3: "*) ;;
	*) bad "$name" "Subject prefix of '$subject' is none of the series' (see --help)"; return ;;
	esac
	[ "$(slug "$summary")" = "$name" ] ||
		{ bad "$name" "file name does not match the Subject: rename it to $(slug "$summary").patch (in series too)"; return; }
	[ "${body:-0}" -gt 0 ] || { bad "$name" "no description between Subject: and Signed-off-by:"; return; }
	[ -n "$sob" ] || { bad "$name" "no Signed-off-by: line"; return; }
	[ "$(sed -n '/^--- /q; /^---$/p' "$p" | wc -l)" = 1 ] ||
		{ bad "$name" "not one '---' line between Signed-off-by: and the diff: a header given to 'quilt header' must not end in '---'"; return; }
	ident="$(git -C "$REPO" config user.name 2>/dev/null || true) <$(git -C "$REPO" config user.email 2>/dev/null || true)>"
	if [ "$ident" != " <>" ]; then
		[ "$from" = "$ident" ] || { bad "$name" "From: is '$from', the repository identity is '$ident'"; return; }
		echo "$sob" | grep -qxF "$ident" ||
			{ bad "$name" "no Signed-off-by: $ident"; return; }
	fi
	ok "$name:header"
}

# Intended findings for patch $1 (scripts/checkpatch-exceptions), as
# "--ignore TYPE" arguments; the reasons are printed.
exceptions() {
	local name=$1 patch type why

	while read -r patch type why; do
		[ "$patch" = "$name" ] || continue
		echo "    note: $name: $type ignored: $why" >&2
		printf -- '--ignore %s ' "$type"
	done < <(grep -v '^[[:space:]]*\(#\|$\)' "$REPO/scripts/checkpatch-exceptions" 2>/dev/null)
}

check_style() {
	local p=$1 name=$2 out summary ignore

	ignore=$(exceptions "$name")
	# shellcheck disable=SC2086
	out=$(cd "$TREE" && perl scripts/checkpatch.pl --strict --no-summary --quiet \
		--show-types $ignore "$p" 2>&1 || true)
	# --strict caches the kernel's CamelCase names in the tree's top
	# directory, a file no patch creates: check-series.sh would find it
	# in the popped tree.
	rm -f "$TREE"/.checkpatch-camelcase.*
	summary=$(echo "$out" | grep -E '^(ERROR|WARNING):' || true)
	if [ -n "$summary" ]; then
		echo "$out" | sed 's/^/    /'
		bad "$name:checkpatch" "$(echo "$summary" | wc -l) errors/warnings"
	else
		echo "$out" | grep -E '^CHECK:' | sed "s/^/    note: $name: /" || true
		ok "$name:checkpatch"
	fi
}

main() {
	local patches=() p name

	while [ $# -gt 0 ]; do
		case $1 in
		--tree) TREE=${2:?--tree needs a directory}; shift ;;
		-h|--help) usage; exit 0 ;;
		-*) echo "lint-patches.sh: error: unknown option '$1': see --help" >&2; exit 1 ;;
		*) patches+=("$1") ;;
		esac
		shift
	done
	[ -f "$TREE/scripts/checkpatch.pl" ] || {
		echo "lint-patches.sh: error: no scripts/checkpatch.pl in $TREE: run scripts/apply.sh first, or pass --tree" >&2
		exit 1
	}

	if [ ${#patches[@]} -eq 0 ]; then
		while read -r name; do
			patches+=("$REPO/patches/$name")
		done < <(grep -v '^[[:space:]]*\(#\|$\)' "$REPO/series" | awk '{print $1}')
		for p in "$REPO"/patches/*.patch; do
			[ -e "$p" ] || continue
			grep -qxF "$(basename "$p")" <(grep -v '^[[:space:]]*#' "$REPO/series" | awk '{print $1}') ||
				bad "series" "$(basename "$p") is in patches/ but not in series"
		done
		check_cover ${#patches[@]}
	fi
	for p in "${patches[@]}"; do
		name=$(basename "$p" .patch)
		[ -f "$p" ] || { bad "$name" "$p does not exist (named in series?)"; continue; }
		p=$(cd "$(dirname "$p")" && pwd)/$(basename "$p")
		check_header "$p" "$name"
		check_style "$p" "$name"
	done
	echo "$pass passed, $fail failed, 0 skipped"
	[ $fail -eq 0 ]
}

main "$@"
