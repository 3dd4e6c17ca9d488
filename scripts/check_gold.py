#!/usr/bin/env python3
"""Check hand-made gold files against their documents (shape of ../shared/gold/GUIDE.md).

  python3 scripts/check_gold.py DOCS_DIR GOLD_DIR

For every <stem>.gold.json: the document <stem>.txt exists and decodes; every indicator's
`context` occurs in it and its `raw` occurs in the context; values are numbers or null;
kinds and units are of the documented set's shape; issue and plan texts occur (after
whitespace is removed) in the document. Prints one line per problem; exit 1 if any.
"""
import json
import os
import re
import sys

KINDS = {"value", "change", "target"}


def read_doc(path):
    raw = open(path, "rb").read()
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def squash(s):
    return re.sub(r"[\s\u3000]+", "", s or "")


def check(docs, gold_dir):
    problems = []
    for gf in sorted(f for f in os.listdir(gold_dir) if f.endswith(".gold.json")):
        stem = gf[: -len(".gold.json")]
        where = os.path.join(gold_dir, gf)
        try:
            gold = json.load(open(where, encoding="utf-8"))
        except ValueError as e:
            problems.append(f"{gf}: not JSON: {e}")
            continue
        doc_path = os.path.join(docs, gold.get("doc") or stem + ".txt")
        if not os.path.exists(doc_path):
            problems.append(f"{gf}: no document {doc_path}")
            continue
        text = read_doc(doc_path)
        if text is None:
            problems.append(f"{gf}: document does not decode")
            continue
        meta = gold.get("meta") or {}
        for k in ("title", "doc_type", "region", "year"):
            if k not in meta:
                problems.append(f"{gf}: meta.{k} missing (null when unknown)")
        for i, ind in enumerate(gold.get("indicators", [])):
            ctx, raw = ind.get("context"), ind.get("raw")
            tag = f"{gf}: indicator {i} ({ctx!r})"
            if not ctx or ctx not in text:
                problems.append(f"{tag}: context not in document")
            elif raw and raw not in ctx:
                problems.append(f"{tag}: raw {raw!r} not in context")
            elif text.count(ctx) > 1:
                problems.append(f"{tag}: context occurs {text.count(ctx)} times; make it unique")
            if ind.get("kind", "value") not in KINDS:
                problems.append(f"{tag}: kind {ind.get('kind')!r}")
            v = ind.get("value")
            if v is not None and not isinstance(v, (int, float)):
                problems.append(f"{tag}: value {v!r} is not a number or null")
            if not ind.get("keys") and ind.get("core", True):
                problems.append(f"{tag}: core indicator without keys")
            if not isinstance(ind.get("unit"), str):
                problems.append(f"{tag}: unit missing")
        flat = squash(text)
        for part in ("issues", "plans"):
            for i, it in enumerate(gold.get(part, [])):
                t = squash(it.get("text"))
                if not t or t not in flat:
                    problems.append(f"{gf}: {part} {i} text not found verbatim in the document: {it.get('text')[:30]!r}")
    return problems


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    found = check(sys.argv[1], sys.argv[2])
    for p in found:
        print(p)
    print(f"{len(found)} problem(s)")
    sys.exit(1 if found else 0)
