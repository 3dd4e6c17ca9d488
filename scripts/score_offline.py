#!/usr/bin/env python3
"""Score the extraction without a service: run `healthreport parse` on every seed,
write the predictions in the scorer's --pred shape and run the scorer on them.

    python3 scripts/score_offline.py [--bin target/release/healthreport] [--docs ../shared/seeds] [--gold ../shared/gold]
"""
import argparse, json, os, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default="target/release/healthreport")
ap.add_argument("--docs", default="../shared/seeds")
ap.add_argument("--gold", default="../shared/gold")
ap.add_argument("--out", default=None)
ap.add_argument("--scorer", default="../shared/eval/score.py")
a = ap.parse_args()
out = a.out or tempfile.mkdtemp(prefix="pred-")
for f in sorted(os.listdir(a.docs)):
    stem = os.path.splitext(f)[0]
    r = subprocess.run([a.bin, "parse", os.path.join(a.docs, f)], capture_output=True, text=True)
    if r.returncode != 0:
        print(f, r.stderr, file=sys.stderr)
        continue
    ex = json.loads(r.stdout)
    m = ex["meta"]
    pred = {
        "meta": {"title": m["title"], "doc_type": m["doc_type"], "region": (m["region"] or {}).get("name"), "year": m["year"]},
        "indicators": [{"name": i["name"], "value": i["value"], "unit": i["unit"], "year": i["year"], "kind": i["kind"], "start": i["evidence"]["start"]} for i in ex["indicators"]],
        "issues": [{"text": i["text"]} for i in ex["issues"]],
        "plans": [{"text": i["text"]} for i in ex["plans"]],
    }
    json.dump(pred, open(os.path.join(out, stem + ".pred.json"), "w"), ensure_ascii=False, indent=1)
score = a.scorer
sys.exit(subprocess.call([sys.executable, score, "--gold", a.gold, "--pred", out, "--docs", a.docs]))
