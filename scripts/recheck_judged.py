#!/usr/bin/env python3
"""Re-read judged observations with the current parser and count how many it now gets right.

A judged sample (scripts/sample_observations.py, verdicts filled in by hand) says for each
observation what its key, kind and year should be. This parses the same reports again, finds
each observation by file, sentence and raw figure, and compares. Rows whose figure is no longer
read are counted apart (the sentence may now be cut from the body as a copy or as noise).

    python3 scripts/recheck_judged.py docs/judged/dev_keyed.tsv ... --corpus ../shared/corpus
"""
import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_observations import observations  # noqa: E402


SPLITS = Path(__file__).resolve().parent.parent / "docs" / "judged" / "catalogue_splits.tsv"


def load_splits(path):
    lines = [l for l in open(path, encoding="utf-8") if not l.startswith("#")]
    return [(r["old_key"], r["name_word"], r["new_key"], r["note_says"]) for r in csv.DictReader(lines, delimiter="\t")]


def right(row, field, splits=()):
    """What the judge says is right for `field` (key, kind, year); a key verdict on an entry split
    since is read against the new entry (docs/judged/catalogue_splits.tsv)."""
    ok = row[f"{field}_ok"].strip().lower()
    given = row[field].strip()
    fix = row[f"right_{field}"].strip()
    if field == "key":
        for old, word, new, note_says in splits:
            missing = fix.lower() in ("none", "") and bool(note_says) and note_says in row.get("note", "")
            if given == old and word in row["name"] and (ok == "y" or missing):
                return new
    if ok == "y":
        return given
    return "" if fix.lower() in ("none", "") and field == "key" else fix


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("judged", nargs="+")
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--show", action="store_true", help="print the rows still wrong")
    ap.add_argument("--no-splits", action="store_true", help="read key verdicts without catalogue_splits.tsv")
    ap.add_argument("--lenient-years", action="store_true", help="count a wrong year with no right one given as right")
    args = ap.parse_args()
    splits = [] if args.no_splits else load_splits(SPLITS)
    now = {}
    for o in observations([args.corpus]):
        now.setdefault((o["file"], o["sentence"], o["raw"]), []).append(o)
    totals = {"rows": 0, "found": 0, "key": 0, "kind": 0, "year": 0, "all": 0}
    for path in args.judged:
        for row in csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"):
            totals["rows"] += 1
            cands = now.get((row["file"], row["sentence"], row["raw"]), [])
            # the same figure twice in a sentence: the one at the judged offset, else of the judged name
            o = next((c for c in cands if row.get("start") and str(c["start"]) == row["start"]), None)
            o = o or next((c for c in cands if c["name"] == row["name"]), None) or (cands[0] if len(cands) == 1 else None)
            if o is None:
                continue
            totals["found"] += 1
            good = {}
            for field in ("key", "kind", "year"):
                want = right(row, field, splits)
                # a key the judge could not name beyond "some other entry" counts as unkeyed-right only if empty
                # a wrong year with no right one given: the figure has no single year, so only
                # an empty year is right (--lenient-years counts any year right, as before)
                got = "" if o[field] is None else str(o[field])
                lenient = args.lenient_years and field == "year" and want == "" and row["year_ok"] == "n"
                good[field] = got == want or lenient
                totals[field] += good[field]
            totals["all"] += all(good.values())
            if args.show and not all(good.values()):
                print(f"{Path(path).name}:{row['id']} {row['raw']} {o['name']} key={o['key']}/{right(row, 'key', splits)} "
                      f"kind={o['kind']}/{right(row, 'kind')} year={o['year']}/{right(row, 'year')} | {row['sentence'][:70]}")
    f = totals["found"] or 1
    print(f"rows={totals['rows']} still read={totals['found']} key={totals['key'] / f:.3f} kind={totals['kind'] / f:.3f} "
          f"year={totals['year'] / f:.3f} all={totals['all'] / f:.3f}")


if __name__ == "__main__":
    main()
