#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# series-fixups.py - find the patches of the series that rework lines an
# earlier patch of the same series added.
#
# Copyright (C) 2026 The nDriver authors
"""Usage: scripts/series-fixups.py [--keep] [SERIES]

Imports the series into a git repository, one commit per patch on top of
the pinned tree, and blames every line each patch deletes or rewrites. A
patch that deletes lines an earlier patch of the series added is listed
with those patches and files:

  ndriver-foo.patch
      reworks 12 lines of ndriver-bar.patch: kernel/ndriver/bar.c

In a series where each patch is one logical change in its final form, a
fix to code the series adds lives in the patch that added it, so such a
line is either a later capability that genuinely changes earlier code
(say why in its commit message) or a fix-up to fold (see
Documentation/development.md).

SERIES is a git revision of this repository or a directory holding
patches/ and series (default: the working tree). The repository is made
in build/series-fixups/ (--keep leaves it there for 'git log -p').
Exit status: 0 when no patch reworks an earlier one, 1 otherwise, 2 on
error.
"""
import collections
import os
import re
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(REPO, 'build', 'series-fixups')


def die(msg):
    sys.stderr.write('series-fixups.py: error: %s\n' % msg)
    sys.exit(2)


def run(*cmd, cwd=None, inp=None):
    r = subprocess.run(cmd, cwd=cwd, input=inp, capture_output=True,
                       text=True)
    if r.returncode:
        die('%s failed: %s' % (' '.join(cmd[:3]), r.stderr.strip()[:300]))
    return r.stdout


def main():
    args = sys.argv[1:]
    keep = False
    if '-h' in args or '--help' in args:
        print(__doc__)
        return 0
    if '--keep' in args:
        keep = True
        args.remove('--keep')
    src = args[0] if args else REPO
    if len(args) > 1:
        die('give at most one series: see --help')

    # The series and its patches, from a directory or a revision.
    ser = os.path.join(WORK, 'series-src')
    shutil.rmtree(ser, ignore_errors=True)
    os.makedirs(ser)
    if os.path.isdir(src):
        shutil.copy(os.path.join(src, 'series'), ser)
        shutil.copytree(os.path.join(src, 'patches'),
                        os.path.join(ser, 'patches'))
    else:
        tar = subprocess.run(['git', '-C', REPO, 'archive', src, 'series',
                              'patches'], capture_output=True)
        if tar.returncode:
            die("'%s' is neither a directory nor a revision" % src)
        subprocess.run(['tar', '-x', '-C', ser], input=tar.stdout, check=True)
    patches = [l.split()[0] for l in open(os.path.join(ser, 'series'))
               if l.strip() and not l.startswith('#')]

    # The pinned tree, committed once.
    tree = os.path.join(WORK, 'git')
    pristine = os.path.join(WORK, 'pristine', 'linux-6.12.117')
    if not os.path.isdir(pristine):
        r = subprocess.run([os.path.join(REPO, 'scripts', 'apply.sh'),
                            '--work', os.path.dirname(pristine),
                            '--no-apply'], stdout=sys.stderr)
        if r.returncode:
            die('cannot obtain the pinned tree: see scripts/apply.sh --help')
    if not os.path.isdir(os.path.join(tree, '.git')):
        shutil.rmtree(tree, ignore_errors=True)
        shutil.copytree(pristine, tree, symlinks=True)
        run('git', 'init', '-q', cwd=tree)
        run('git', 'add', '-A', '-f', '.', cwd=tree)
        run('git', '-c', 'user.name=nDriver', '-c', 'user.email=ndriver@localhost',
            'commit', '-q', '-m', 'pristine', cwd=tree)
        run('git', 'tag', 'pristine', cwd=tree)
    run('git', 'checkout', '-q', '-f', 'pristine', cwd=tree)
    run('git', 'clean', '-q', '-f', '-d', '-x', cwd=tree)

    commit_of = {}
    name_of = {}
    for p in patches:
        path = os.path.join(ser, 'patches', p)
        r = subprocess.run(['git', 'apply', '--index', path], cwd=tree,
                           capture_output=True, text=True)
        if r.returncode:
            die('%s does not apply: %s' % (p, r.stderr.strip()[:300]))
        run('git', '-c', 'user.name=nDriver', '-c', 'user.email=ndriver@localhost',
            'commit', '-q', '--allow-empty', '-m', p, cwd=tree)
        h = run('git', 'rev-parse', 'HEAD', cwd=tree).strip()
        commit_of[p] = h
        name_of[h] = p

    found = 0
    for p in patches:
        h = commit_of[p]
        diff = run('git', 'diff', '-U0', '--no-renames', h + '^', h, cwd=tree)
        hits = collections.defaultdict(lambda: collections.Counter())
        path = None
        for line in diff.splitlines():
            if line.startswith('--- '):
                path = line[6:] if line != '--- /dev/null' else None
                continue
            m = re.match(r'^@@ -(\d+)(?:,(\d+))? ', line)
            if not m or not path:
                continue
            start, n = int(m.group(1)), int(m.group(2) or 1)
            if m.group(2) == '0':
                continue
            out = run('git', 'blame', '-s', '-l', '-L',
                      '%d,%d' % (start, start + n - 1), h + '^', '--',
                      path, cwd=tree)
            for bl in out.splitlines():
                c = bl.split()[0].lstrip('^')
                if c in name_of:
                    hits[name_of[c]][path] += 1
        if not hits:
            continue
        found += 1
        print(p)
        for earlier in patches:
            if earlier in hits:
                files = hits[earlier]
                print('    reworks %d lines of %s: %s' % (
                    sum(files.values()), earlier,
                    ' '.join('%s (%d)' % (f, k) for f, k in
                             sorted(files.items()))))
    print('%d of %d patches rework lines an earlier patch added' %
          (found, len(patches)))
    if not keep:
        shutil.rmtree(ser, ignore_errors=True)
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
