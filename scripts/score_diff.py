#!/usr/bin/env python3
"""Show, per seed, the gold indicators the extraction missed and the extracted ones
that matched nothing (a development aid next to score_offline.py).

    python3 scripts/score_diff.py [--only 001]
"""
import argparse, importlib.util, json, os, subprocess

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default="target/release/healthreport")
ap.add_argument("--docs", default="../shared/seeds")
ap.add_argument("--gold", default="../shared/gold")
ap.add_argument("--only", default="")
a = ap.parse_args()
spec = importlib.util.spec_from_file_location("score", os.path.join(os.path.dirname(a.gold.rstrip("/")), "eval", "score.py"))
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)
for f in sorted(os.listdir(a.docs)):
    if a.only and not f.startswith(a.only):
        continue
    stem = os.path.splitext(f)[0]
    gold = json.load(open(os.path.join(a.gold, stem + ".gold.json")))
    ex = json.loads(subprocess.run([a.bin, "parse", "--with-text", os.path.join(a.docs, f)], capture_output=True, text=True).stdout)
    preds = [{"name": i["name"], "value": i["value"], "unit": i["unit"], "year": i["year"], "kind": i["kind"], "start": i["evidence"]["start"], "raw": i["raw"]} for i in ex["indicators"]]
    gi = gold["indicators"]
    tp, fp, fn, pairs, unmatched = score.match_indicators(gi, preds, ex["text"], use_name=True)
    matched = {g for g, _ in pairs}
    print(f"== {stem}: tp={tp} fp={fp} fn={fn}")
    for k, g in enumerate(gi):
        if k not in matched and g.get("core", True):
            print("  MISS", g["raw"], g["value"], g["unit"], g["kind"], "keys=", g["keys"], "|", g["context"][:40])
    for p in unmatched:
        print("  FP  ", p["raw"], p["value"], p["unit"], p["kind"], "|", p["name"])
    for g, p in pairs:
        if gi[g].get("core", True) and gi[g].get("year") != preds[p]["year"]:
            print("  YEAR", gi[g]["raw"], gi[g].get("year"), preds[p]["year"])
