#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# apply.sh - obtain the pinned Linux tree, verify it, apply the nDriver series.
#
# Copyright (C) 2026 The nDriver authors
set -euo pipefail

PIN_VERSION=6.12.117
DEB_PKG=linux-source-6.12
DEB_VER=6.12.117-1~deb12u1
DEB_FILE="${DEB_PKG}_${DEB_VER}_all.deb"
DEB_TARBALL=usr/src/linux-source-6.12.tar.xz

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${NDRV_WORK:-$REPO/work}
CACHE=${NDRV_CACHE:-$REPO/cache}
SHARED_DEBS=$REPO/../shared/debs

usage() {
	cat <<EOF
Usage: scripts/apply.sh [SOURCE] [OPTIONS]

Obtain Linux $PIN_VERSION, check that it really is $PIN_VERSION, and apply the
nDriver quilt series (the 'series' file and patches/ of this repository).

SOURCE (at most one; default: the Debian package):
  (none)            Debian's $DEB_PKG, version $DEB_VER: the tarball in
                    /usr/src if that exact version is installed, else the
                    .deb fetched with 'apt-get download' into cache/, else the
                    identical .deb in ../shared/debs/ when that directory
                    exists. Unpacked into the work directory.
  --deb FILE        that $DEB_PKG .deb (version $DEB_VER). Unpacked.
  --tarball FILE    a source tarball such as kernel.org's
                    linux-$PIN_VERSION.tar.xz. Unpacked.
  --tree DIR        an existing, unmodified $PIN_VERSION tree (a distro tree,
                    a git checkout). Patched in place with quilt; it must be
                    clean: no local changes, no in-tree build output, no other
                    quilt series applied.

OPTIONS:
  --work DIR        where unpacked trees go (default: work/, ignored by git)
  --fresh           throw away an existing unpacked tree and unpack again
  --no-apply        only obtain and verify the tree
  -h, --help        this text

The unpacked tree is DIR/linux-$PIN_VERSION. Its patches/ and series are
symbolic links into this repository, so 'quilt push', 'quilt refresh' there
edit the series directly (see README.md).

Every patch must apply exactly: a reject or a hunk that needs fuzz stops the
run with the name of the patch. Offsets are reported but accepted. Re-running
is safe: applied patches are popped and the current series is pushed again
(a tree with unrefreshed quilt changes is refused, not overwritten).

Exit status: 0 when the tree is ready, non-zero with a one-line error saying
what to do otherwise.
EOF
}

die() {
	echo "apply.sh: error: $*" >&2
	exit 1
}

note() {
	echo "apply.sh: $*"
}

need() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' is not installed: install it (e.g. 'apt-get install -y $2') and re-run"
}

# Print "V.P.S" from a tree's top-level Makefile.
tree_version() {
	local mk=$1/Makefile v p s

	[ -f "$mk" ] || return 1
	v=$(sed -n 's/^VERSION *= *//p' "$mk" | head -n1)
	p=$(sed -n 's/^PATCHLEVEL *= *//p' "$mk" | head -n1)
	s=$(sed -n 's/^SUBLEVEL *= *//p' "$mk" | head -n1)
	[ -n "$v" ] && [ -n "$p" ] && [ -n "$s" ] || return 1
	echo "$v.$p.$s"
}

check_version() {
	local tree=$1 what=$2 ver

	ver=$(tree_version "$tree") ||
		die "$what: no kernel Makefile with VERSION/PATCHLEVEL/SUBLEVEL found; give a Linux $PIN_VERSION source"
	[ "$ver" = "$PIN_VERSION" ] ||
		die "$what is Linux $ver, not $PIN_VERSION: nDriver is pinned to $PIN_VERSION (rebase the series first, see README.md)"
}

# In-tree build output breaks 'make O=' builds.
check_no_build_output() {
	local tree=$1

	if [ -e "$tree/.config" ] || [ -d "$tree/include/config" ]; then
		die "$tree has in-tree build output (.config or include/config): run 'make -C $tree mrproper' first"
	fi
}

deb_version() {
	dpkg-deb -f "$1" Package Version 2>/dev/null | awk '{print $2}' | paste -sd' '
}

# Find (or fetch) the pinned Debian .deb or installed tarball; print the
# path of a tarball to unpack.
find_debian_source() {
	local installed

	installed=$(dpkg-query -W -f='${Version}' "$DEB_PKG" 2>/dev/null || true)
	if [ "$installed" = "$DEB_VER" ] && [ -f "/$DEB_TARBALL" ]; then
		echo "/$DEB_TARBALL"
		return
	fi

	mkdir -p "$CACHE"
	if [ ! -f "$CACHE/$DEB_FILE" ]; then
		if command -v apt-get >/dev/null 2>&1; then
			note "fetching $DEB_PKG=$DEB_VER with apt-get download" >&2
			(cd "$CACHE" && apt-get download "$DEB_PKG=$DEB_VER" >/dev/null 2>&1) || true
		fi
	fi
	if [ ! -f "$CACHE/$DEB_FILE" ] && [ -f "$SHARED_DEBS/$DEB_FILE" ]; then
		note "the archive does not offer $DEB_VER; using $SHARED_DEBS/$DEB_FILE" >&2
		cp "$SHARED_DEBS/$DEB_FILE" "$CACHE/$DEB_FILE.tmp"
		mv "$CACHE/$DEB_FILE.tmp" "$CACHE/$DEB_FILE"
	fi
	[ -f "$CACHE/$DEB_FILE" ] ||
		die "cannot obtain $DEB_PKG $DEB_VER: run 'apt-get update && apt-get install $DEB_PKG=$DEB_VER', or pass --tarball linux-$PIN_VERSION.tar.xz or --tree DIR"
	extract_deb "$CACHE/$DEB_FILE"
}

# Check a .deb is the pinned package and print the path of its tarball.
extract_deb() {
	local deb=$1 got out

	[ -f "$deb" ] || die "$deb: no such file: give the path of $DEB_FILE"
	need dpkg-deb dpkg
	got=$(deb_version "$deb")
	[ "$got" = "$DEB_PKG $DEB_VER" ] ||
		die "$deb is '${got:-not a .deb}', not '$DEB_PKG $DEB_VER': fetch that exact version"
	out=$CACHE/deb-$DEB_VER
	if [ ! -f "$out/$DEB_TARBALL" ]; then
		mkdir -p "$out"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$out" "./$DEB_TARBALL" ||
			die "$deb does not contain $DEB_TARBALL: the .deb is damaged, fetch it again"
	fi
	echo "$out/$DEB_TARBALL"
}

# Unpack a tarball into $TREE, verifying the version first.
unpack() {
	local tarball=$1 origin=$2 tmp top

	[ -f "$tarball" ] || die "$tarball: no such file: give the path of a linux-$PIN_VERSION tarball"
	tmp=$WORK/.unpack.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	trap 'rm -rf "$tmp"' EXIT
	note "unpacking $tarball"
	tar -xf "$tarball" -C "$tmp" ||
		die "$tarball could not be unpacked: is it a (compressed) tar archive? fetch it again"
	top=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n1)
	[ -n "$top" ] || die "$tarball holds no source directory"
	check_version "$top" "$tarball"
	# For check-series.sh: what a popped tree must hold, and no more.
	(cd "$top" && find . -type f | LC_ALL=C sort) >"$top/.ndriver-pristine"
	echo "$origin" >"$top/.ndriver-origin"
	rm -rf "$TREE"
	mv "$top" "$TREE"
	rm -rf "$tmp"
	trap - EXIT
}

# A user-supplied tree must be pristine, or carry only our own quilt state.
check_clean_user_tree() {
	local tree=$1 dirty

	if [ -d "$tree/.pc" ]; then
		[ "$(readlink "$tree/series" 2>/dev/null)" = "$REPO/series" ] ||
			die "$tree has another quilt series applied (.pc/): pop it ('quilt pop -a') or use a clean tree"
		return
	fi
	if git -C "$tree" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		dirty=$(git -C "$tree" status --porcelain --untracked-files=no | head -n3)
		[ -z "$dirty" ] ||
			die "$tree has uncommitted changes ($(echo "$dirty" | head -n1 | cut -c4-) ...): commit or stash them, or use a clean tree"
	fi
	if [ -n "$(find "$tree" -name '*.rej' -print -quit 2>/dev/null)" ]; then
		die "$tree contains *.rej files from an earlier failed patch run: use a clean tree"
	fi
}

link_series() {
	local tree=$1 name target

	for name in patches series; do
		target=$REPO/$name
		if [ -L "$tree/$name" ]; then
			[ "$(readlink "$tree/$name")" = "$target" ] ||
				ln -sfn "$target" "$tree/$name"
		elif [ -e "$tree/$name" ]; then
			die "$tree/$name exists and is not nDriver's: move it away, then re-run"
		else
			ln -s "$target" "$tree/$name"
		fi
	done
}

apply_series() {
	local tree=$1 out npatches

	npatches=$(grep -cv '^[[:space:]]*\(#\|$\)' "$REPO/series" || true)
	cd "$tree"
	export QUILTRC=$REPO/scripts/quiltrc
	# Pop what an earlier run applied, so edited patches are re-applied.
	if [ -n "$(quilt applied 2>/dev/null || true)" ]; then
		quilt pop -a -q >/dev/null 2>&1 ||
			die "$tree has changes that are not in the patches: 'quilt refresh' them (or 'quilt diff' to see), or re-run with --fresh"
	fi
	if [ "$npatches" -eq 0 ]; then
		note "the series is empty; nothing to apply"
		return
	fi
	if ! out=$(quilt push -a --fuzz=0 2>&1); then
		echo "$out" | tail -n 15 >&2
		die "$(echo "$out" | sed -n 's/^Applying patch \(.*\)$/\1/p' | tail -n1) does not apply to $tree without fuzz: rebase that patch (see README.md, 'Rebasing the series')"
	fi
	if echo "$out" | grep -q 'with fuzz'; then
		die "a patch needed fuzz: $(echo "$out" | grep -B3 'with fuzz' | head -n1)"
	fi
	echo "$out" | grep '^Hunk #[0-9]* succeeded at .* (offset' | sed 's/^/apply.sh: note: /' || true
	note "$npatches patches applied to $tree"
}

main() {
	local src_tree="" tarball="" deb="" fresh=0 apply=1 origin

	while [ $# -gt 0 ]; do
		case $1 in
		--tree) src_tree=${2:?--tree needs a directory}; shift ;;
		--tarball) tarball=${2:?--tarball needs a file}; shift ;;
		--deb) deb=${2:?--deb needs a file}; shift ;;
		--work) WORK=${2:?--work needs a directory}; shift ;;
		--fresh) fresh=1 ;;
		--no-apply) apply=0 ;;
		-h|--help) usage; exit 0 ;;
		*) die "unknown argument '$1': see 'scripts/apply.sh --help'" ;;
		esac
		shift
	done
	[ "$(printf '%s' "${src_tree:+x}${tarball:+x}${deb:+x}" | wc -c)" -le 1 ] ||
		die "give at most one of --tree, --tarball, --deb"

	need quilt quilt
	need tar tar
	need xz xz-utils

	if [ -n "$src_tree" ]; then
		[ -d "$src_tree" ] || die "$src_tree: no such directory: give the top of a Linux $PIN_VERSION tree"
		TREE=$(cd "$src_tree" && pwd)
		check_version "$TREE" "$TREE"
		check_clean_user_tree "$TREE"
	else
		mkdir -p "$WORK"
		WORK=$(cd "$WORK" && pwd)
		TREE=$WORK/linux-$PIN_VERSION
		if [ -n "$tarball" ]; then
			[ -f "$tarball" ] || die "$tarball: no such file: give the path of a linux-$PIN_VERSION tarball"
			tarball=$(cd "$(dirname "$tarball")" && pwd)/$(basename "$tarball")
			origin="tarball $tarball $(stat -c %s "$tarball")"
		else
			origin="deb $DEB_VER"
		fi
		if [ -d "$TREE" ] && [ $fresh -eq 0 ]; then
			[ "$(cat "$TREE/.ndriver-origin" 2>/dev/null)" = "$origin" ] ||
				die "$TREE was unpacked from '$(cat "$TREE/.ndriver-origin" 2>/dev/null || echo unknown)', not '$origin': re-run with --fresh to replace it"
			check_version "$TREE" "$TREE"
			note "reusing $TREE"
		else
			if [ -n "$deb" ]; then
				tarball=$(extract_deb "$deb")
			elif [ -z "$tarball" ]; then
				tarball=$(find_debian_source)
			fi
			unpack "$tarball" "$origin"
		fi
	fi

	check_no_build_output "$TREE"
	[ $apply -eq 1 ] || { note "tree ready (series not applied): $TREE"; return; }
	link_series "$TREE"
	apply_series "$TREE"
	note "next: scripts/build-kernel.sh --tree $TREE"
}

main "$@"
