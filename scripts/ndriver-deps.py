#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# ndriver-deps.py - the file-level dependency graph of nDriver's objects,
# and a check that it has no cycle.
#
# Copyright (C) 2026 The nDriver authors
"""Usage: scripts/ndriver-deps.py [--dot | --edges] [BUILD_DIR]

Reads the symbols of kernel/ndriver/*.o and arch/x86/kernel/ndriver*.o in
BUILD_DIR (default: build/obj, made by scripts/build-kernel.sh) with nm:
an object that uses a symbol another one defines depends on it. Prints
the objects in layers, the bottom first (each layer depends only on the
layers below it), and exits 0; if some objects call each other in a
ring, prints each ring with the symbols that close it and exits 1.

The KUnit suites (*_test.o) are left out: a test depends on what it
tests and nothing depends on a test.

  --dot     print the graph in Graphviz dot instead
  --edges   print every dependency with the symbols behind it
"""
import collections
import glob
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def objects(build):
    found = sorted(glob.glob(os.path.join(build, 'kernel/ndriver/*.o')) +
                   glob.glob(os.path.join(build, 'arch/x86/kernel/ndriver*.o')))
    return [o for o in found if not o.endswith(('.mod.o', '_test.o')) and
            'built-in' not in o]


def graph(build):
    defs, undef = {}, collections.defaultdict(set)
    names = []
    for o in objects(build):
        name = os.path.relpath(o, build)[:-2]
        if name.startswith('kernel/ndriver/'):
            name = name[len('kernel/ndriver/'):]
        names.append(name)
        out = subprocess.run(['nm', o], capture_output=True, text=True,
                             check=True).stdout
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3 and f[1] in 'TDBRWVG':
                defs.setdefault(f[2], name)
            elif len(f) == 2 and f[0] == 'U':
                undef[name].add(f[1])
    edges = collections.defaultdict(lambda: collections.defaultdict(set))
    for name, syms in undef.items():
        for s in syms:
            to = defs.get(s)
            if to and to != name:
                edges[name][to].add(s)
    return names, edges


def rings(names, edges):
    """Strongly connected components of more than one object (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in names:
        if v not in index:
            visit(v)
    return out


def layers(names, edges):
    level = {}

    def depth(v):
        if v not in level:
            level[v] = 0
            level[v] = 1 + max([depth(w) for w in edges.get(v, {})] + [-1])
        return level[v]

    for v in names:
        depth(v)
    by = collections.defaultdict(list)
    for v, lv in level.items():
        by[lv].append(v)
    return [sorted(by[i]) for i in sorted(by)]


def main():
    args = sys.argv[1:]
    if '-h' in args or '--help' in args:
        print(__doc__)
        return 0
    mode = None
    for m in ('--dot', '--edges'):
        if m in args:
            mode = m
            args.remove(m)
    build = args[0] if args else os.path.join(REPO, 'build', 'obj')
    if not objects(build):
        sys.stderr.write('ndriver-deps.py: error: no nDriver objects in %s: '
                         'build the kernel first (scripts/build-kernel.sh)\n'
                         % build)
        return 2
    names, edges = graph(build)
    if mode == '--dot':
        print('digraph ndriver {\n\trankdir=BT;')
        for v in sorted(edges):
            for w in sorted(edges[v]):
                print('\t"%s" -> "%s";' % (v, w))
        print('}')
        return 0
    if mode == '--edges':
        for v in sorted(edges):
            for w in sorted(edges[v]):
                print('%s -> %s: %s' % (v, w, ' '.join(sorted(edges[v][w]))))
        return 0
    found = rings(names, edges)
    if found:
        for comp in found:
            print('ring: %s' % ' '.join(comp))
            for v in comp:
                for w in sorted(edges[v]):
                    if w in comp:
                        print('    %s -> %s: %s' % (
                            v, w, ' '.join(sorted(edges[v][w]))))
        print('%d rings among %d objects' % (len(found), len(names)))
        return 1
    for i, layer in enumerate(layers(names, edges)):
        print('%2d  %s' % (i, ' '.join(layer)))
    print('no ring among %d objects' % len(names))
    return 0


if __name__ == '__main__':
    sys.exit(main())
