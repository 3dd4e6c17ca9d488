#!/usr/bin/env python3
"""Show, per document, where the extraction and the gold disagree (a development aid next
to score_offline.py): missed gold indicators, extracted ones that matched nothing, wrong
years and kinds of matched ones, issues and plans, and the report's metadata.

    python3 scripts/score_diff.py [--docs DIR] [--gold DIR] [--only PREFIX] [--what ind,year,kind,items,meta]
"""
import argparse
import importlib.util
import json
import os
import subprocess

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default="target/release/healthreport")
ap.add_argument("--docs", default="../shared/seeds")
ap.add_argument("--gold", default="../shared/gold")
ap.add_argument("--scorer", default="../shared/eval/score.py")
ap.add_argument("--only", default="")
ap.add_argument("--what", default="ind,year,kind,items,meta")
a = ap.parse_args()
what = set(a.what.split(","))
spec = importlib.util.spec_from_file_location("score", a.scorer)
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)


def show_items(kind, gold_items, pred_items):
    gs = [g["text"] for g in gold_items]
    ps = [p["text"] for p in pred_items]
    used = set()
    for g in gs:
        best = max(range(len(ps)), key=lambda i: score.dice(g, ps[i]), default=None)
        d = score.dice(g, ps[best]) if best is not None else 0
        if d >= 0.6:
            used.add(best)
        else:
            print(f"  {kind} MISSED: {g[:70]}" + (f"\n      best {d:.2f}: {ps[best][:70]}" if best is not None else ""))
    for i, p in enumerate(ps):
        if i not in used:
            print(f"  {kind} EXTRA: {p[:80]}")


for f in sorted(os.listdir(a.docs)):
    if a.only and not f.startswith(a.only):
        continue
    stem = os.path.splitext(f)[0]
    gp = os.path.join(a.gold, stem + ".gold.json")
    if not os.path.exists(gp):
        continue
    gold = json.load(open(gp, encoding="utf-8"))
    run = subprocess.run([a.bin, "parse", "--with-text", os.path.join(a.docs, f)], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"== {stem}: parse failed: {run.stderr.strip()[:200]}")
        continue
    ex = json.loads(run.stdout)
    preds = [{"name": i["name"], "value": i["value"], "unit": i["unit"], "year": i["year"], "kind": i["kind"],
              "start": i["evidence"]["start"], "raw": i["raw"], "key": i.get("indicator_key")} for i in ex["indicators"]]
    gi = gold["indicators"]
    tp, fp, fn, pairs, unmatched = score.match_indicators(gi, preds, ex["text"], use_name=True)
    print(f"== {stem}: tp={tp} fp={fp} fn={fn}")
    if "meta" in what:
        m, gm = ex["meta"], gold["meta"]
        got = {"title": m["title"], "doc_type": m["doc_type"], "region": (m["region"] or {}).get("name"), "year": m["year"]}
        for k in got:
            if str(got[k]) != str(gm.get(k)):
                print(f"  meta {k}: got {got[k]!r} gold {gm.get(k)!r}" + (f" (hint {gm.get('region_hint')})" if k == "region" else ""))
    if "ind" in what:
        matched = {g for g, _ in pairs}
        for k, g in enumerate(gi):
            if k not in matched and g.get("core", True):
                print(f"  MISSED {g['raw']!r} {g['name']} = {g['value']} {g['unit']} [{g.get('kind','value')}] in {g['context'][:40]!r}")
        for p in unmatched:
            print(f"  EXTRA  {p['raw']!r} {p['name']} = {p['value']} {p['unit']} [{p['kind']}] @{p['start']}")
    for g, p in pairs:
        G, P = gi[g], preds[p]
        if "year" in what and G.get("core", True) and G.get("year") != P["year"]:
            print(f"  YEAR   {G['raw']!r} {P['name']}: got {P['year']} gold {G.get('year')}")
        if "kind" in what and G.get("core", True) and G.get("kind", "value") != P["kind"]:
            print(f"  KIND   {G['raw']!r} {P['name']}: got {P['kind']} gold {G.get('kind', 'value')}")
    if "items" in what:
        show_items("ISSUE", gold.get("issues", []), ex["issues"])
        show_items("PLAN", gold.get("plans", []), ex["plans"])
