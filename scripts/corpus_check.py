#!/usr/bin/env python3
"""Run the parser over the development corpus and report how well it reads the reports.

    python3 scripts/corpus_check.py [--bin target/release/healthreport] [--corpus ../shared/corpus]
                                    [--labels tests/fixtures/corpus_labels.tsv] [--verbose]

Against INDEX.tsv (region, year) and the hand labels (genre; whether the report has a
problems passage and a tasks part): genre, region and year accuracy, and the share of the
reports with a problems passage where issues were found (and with a tasks part where plans
were found). Reports without a problems passage that still got issues are listed: reading
achievements as problems is the worse error. One `healthreport parse` run over the folder.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys


def same_region(label, got):
    if not got:
        return False
    return got == label or (got.startswith(label) and label not in ("全国",))


def load_labels(path):
    if not path or not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return {r["file"]: r for r in csv.DictReader(f, delimiter="\t")}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/healthreport")
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--labels", default="tests/fixtures/corpus_labels.tsv")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    index = {}
    with open(os.path.join(a.corpus, "INDEX.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            index[os.path.normpath(os.path.join(a.corpus, r["file"]))] = r
    labels = load_labels(a.labels)
    run = subprocess.run([a.bin, "parse", "--format", "jsonl", a.corpus], capture_output=True, text=True)
    sys.stderr.write(run.stderr)
    got = {}
    for line in run.stdout.splitlines():
        ex = json.loads(line)
        got[os.path.normpath(ex["file"])] = ex
    n = len(index)
    ok = {"genre": 0, "region": 0, "year": 0}
    with_problems = with_issues = with_tasks = with_plans = 0
    invented = []
    for path, r in sorted(index.items()):
        ex = got.get(path)
        lab = labels.get(r["file"], {})
        meta = (ex or {}).get("meta") or {}
        region = (meta.get("region") or {}).get("name")
        genre_label = lab.get("genre") or "政府工作报告"
        # a label such as 政府工作报告（摘登） or 规划纲要报告（…代当年政府工作报告） names the genre it stands for
        genre_ok = meta.get("doc_type") == genre_label.split("（")[0] or (
            meta.get("doc_type") == "政府工作报告" and "政府工作报告" in genre_label)
        # where the labeller found the text to be another year's report than INDEX.tsv says
        true_year = re.search(r"is the (\d{4}) report", lab.get("year_check", ""))
        year_label = true_year.group(1) if true_year else r["year"]
        checks = {
            "genre": genre_ok,
            "region": same_region(r["region"], region),
            "year": str(meta.get("year")) == year_label,
        }
        for k, v in checks.items():
            ok[k] += int(v)
        issues = len((ex or {}).get("issues") or [])
        plans = len((ex or {}).get("plans") or [])
        if lab.get("has_problems") == "yes":
            with_problems += 1
            with_issues += int(issues > 0)
        elif lab and issues:
            invented.append((r["file"], issues))
        if lab.get("has_tasks") == "yes":
            with_tasks += 1
            with_plans += int(plans > 0)
        bad = [k for k, v in checks.items() if not v]
        missing = (lab.get("has_problems") == "yes" and not issues) or (lab.get("has_tasks") == "yes" and not plans)
        if a.verbose and (bad or missing):
            print(f"{r['file']}: {', '.join(bad) or 'meta ok'}; got genre={meta.get('doc_type')} "
                  f"region={region} year={meta.get('year')}; issues={issues} plans={plans}")
    pct = lambda x, d: f"{x}/{d} ({100 * x / d:.0f}%)" if d else "-"
    print(f"CORPUS reports={n} parsed={len(got)} genre={pct(ok['genre'], n)} region={pct(ok['region'], n)} "
          f"year={pct(ok['year'], n)} issues_found={pct(with_issues, with_problems)} "
          f"plans_found={pct(with_plans, with_tasks)} issues_without_problems_passage={len(invented)}"
          + ("" if labels else " (no labels: genre assumed 政府工作报告, issue/plan shares unknown)"))
    for f, k in invented:
        print(f"  issues in a report labelled without a problems passage: {f} ({k})")


if __name__ == "__main__":
    main()
