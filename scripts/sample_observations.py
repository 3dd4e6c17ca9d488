#!/usr/bin/env python3
"""Draw a fixed random sample of observations from whole reports, for judging by hand.

Parses the given files and folders with the release CLI (one process, all cores), keeps the
keyed observations (or the unkeyed ones with --unkeyed), shuffles them with a fixed seed and
writes the first N as TSV with empty verdict columns: a person (or a reviewer) fills in
key_ok / kind_ok / year_ok (y or n) and, where wrong, what is right.

    python3 scripts/sample_observations.py --seed 20261202 --n 200 ../shared/corpus > docs/sample.tsv
"""
import argparse
import csv
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = [
    "id", "file", "start", "doc_type", "report_year", "section_kind", "sentence", "raw", "name", "key",
    "key_basis", "kind", "year", "year_basis", "suspect",
    "key_ok", "kind_ok", "year_ok", "right_key", "right_kind", "right_year", "note",
]


def observations(paths):
    binary = ROOT / "target" / "release" / "healthreport"
    out = subprocess.run(
        [str(binary), "parse", "--format", "jsonl", *paths],
        check=False, capture_output=True, text=True,
    )
    for line in out.stdout.splitlines():
        report = json.loads(line)
        meta = report.get("meta") or {}
        file = Path(report.get("file", "")).name
        for ind in report.get("indicators", []):
            ev = ind.get("evidence") or {}
            yield {
                "file": file,
                "start": ev.get("start", ""),
                "doc_type": meta.get("doc_type") or "",
                "report_year": meta.get("year") or "",
                "section_kind": ind.get("section_kind") or "",
                "sentence": (ev.get("text") or "").replace("\t", " ").replace("\n", " "),
                "raw": ind.get("raw", ""),
                "name": ind.get("name", ""),
                "key": ind.get("indicator_key") or "",
                "key_basis": ind.get("key_basis") or "",
                "kind": ind.get("kind", ""),
                "year": ind.get("year") or "",
                "year_basis": ind.get("year_basis") or "",
                "suspect": ind.get("suspect") or "",
            }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--unkeyed", action="store_true", help="sample figures without a key instead")
    ap.add_argument("--exclude", nargs="*", default=[], help="judged samples whose observations are not drawn again")
    args = ap.parse_args()
    seen = set()
    for path in args.exclude:
        for r in csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"):
            seen.add((r["file"], r["sentence"], r["raw"]))
    rows = [
        o
        for o in observations(args.paths)
        if bool(o["key"]) != args.unkeyed and (o["file"], o["sentence"], o["raw"]) not in seen
    ]
    rows.sort(key=lambda o: (o["file"], o["sentence"], o["raw"], o["name"]))
    random.Random(args.seed).shuffle(rows)
    w = csv.DictWriter(sys.stdout, COLUMNS, delimiter="\t", lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for i, o in enumerate(rows[: args.n], 1):
        w.writerow({"id": i, **o})
    print(f"{len(rows)} candidates, {min(args.n, len(rows))} drawn (seed {args.seed})", file=sys.stderr)


if __name__ == "__main__":
    main()
