#!/usr/bin/env python3
"""Build data/script/t2s.tsv, the one-character traditional → simplified table, from
OpenCC's character dictionaries (TSCharacters.txt, STCharacters.txt, and the Hong Kong and
Taiwan variant tables; Apache-2.0).

    cargo fetch   # the crate simplecc ships OpenCC's dictionaries
    python3 scripts/build_t2s.py ~/.cargo/registry/src/*/simplecc-0.2.2/OpenCC/data/dictionary > data/script/t2s.tsv

Columns: traditional, simplified (OpenCC's first candidate), traditional_only (1 when the
character is not also a simplified character, so its presence marks a traditional text).
Only one character for one character: the parser maps the text character by character, so
every offset still points into the stored text.
"""
import sys

d = sys.argv[1]


def table(name):
    out = {}
    for line in open(f"{d}/{name}", encoding="utf-8"):
        if "\t" not in line or line.startswith("#"):
            continue
        k, v = line.rstrip("\n").split("\t")
        out[k] = v.split(" ")
    return out


ts = table("TSCharacters.txt")
st = table("STCharacters.txt")
# Hong Kong and Taiwan variant forms (衞 for 衛, 綫 for 線): map them as their standard form.
for variants in ("HKVariants.txt", "TWVariants.txt"):
    for std, forms in table(variants).items():
        target = ts.get(std, [std])
        for v in forms:
            if len(v) == 1 and v != std and v not in ts:
                ts[v] = target
print("# traditional\tsimplified\ttraditional_only  (from OpenCC TSCharacters.txt/STCharacters.txt, Apache-2.0; scripts/build_t2s.py)")
for t, cands in sorted(ts.items()):
    s = cands[0]
    if len(t) != 1 or len(s) != 1 or s == t:
        continue
    only = int(t not in st)
    print(f"{t}\t{s}\t{only}")
