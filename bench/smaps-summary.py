#!/usr/bin/env python3
"""Sums a process's /proc/<pid>/smaps (as kept by bench/rss.sh with RSS_KEEP_LOGS) by mapping: who holds the RSS.

Usage: python3 bench/smaps-summary.py FILE.smaps [top-n]
Prints resident MB per mapped file (anonymous mappings grouped as [anon], [heap], [stack], ...), largest first,
with the anonymous and named (file-backed and shared memory: the JIT's memfd:doublemapper) totals.
"""
import collections
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
rss = collections.Counter()
anon = 0
name = None
with open(path) as smaps:
    for line in smaps:
        fields = line.split()
        if not fields:
            continue
        if not fields[0].endswith(":") or "-" in fields[0]:  # a mapping header: range perms offset dev inode [path]
            name = fields[5] if len(fields) > 5 else "[anon]"
        elif fields[0] == "Rss:":
            rss[name] += int(fields[1])
        elif fields[0] == "Anonymous:":
            anon += int(fields[1])

total = sum(rss.values())
print(f"total {total / 1024:.1f} MB, anonymous {anon / 1024:.1f} MB, named {(total - anon) / 1024:.1f} MB")
for mapping, kb in rss.most_common(top):
    print(f"{kb / 1024:8.1f} MB  {mapping}")
