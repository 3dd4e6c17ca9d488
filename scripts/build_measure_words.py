#!/usr/bin/env python3
"""Write data/measure_words.tsv: the measure words (量词) of a general Chinese dictionary.

Source: the dictionary of the jieba segmenter (jieba-rs 0.7, src/data/dict.txt, MIT licence),
whose part-of-speech tag `q` marks measure words and units. Every word tagged `q` with a
frequency of at least MIN_FREQ is written with a unit family: a physical dimension where the
word names one (米 → length, 公顷 → area …), else `count` (a classifier: 座, 台, 套 …).
Words the dictionary tags `q` that are no measure word after a figure (公元, 种种, 马里 …)
are refused by `[measure_words] exclude` in data/units.toml, where an analyst can extend it;
units.toml's own [[unit]] entries take precedence over this file.

    curl -sSLO https://static.crates.io/crates/jieba-rs/jieba-rs-0.7.2.crate
    tar xzf jieba-rs-0.7.2.crate
    python3 scripts/build_measure_words.py jieba-rs-0.7.2/src/data/dict.txt > data/measure_words.tsv
"""
import sys

MIN_FREQ = 20

# (word ends with, family): the first that matches names the dimension
DIMENSIONS = [
    ("平方米", "area"), ("平米", "area"), ("平方公里", "area_km"), ("平方千米", "area_km"),
    ("公顷", "area_land"), ("亩", "area_land"), ("英亩", "area_land"),
    ("立方米", "volume"), ("立方", "volume"), ("升", "volume_l"),
    ("千瓦时", "energy"), ("瓦时", "energy"), ("千卡", "energy_kcal"), ("卡路里", "energy_kcal"),
    ("瓦", "power"), ("伏", "voltage"), ("赫", "frequency"), ("安", "current"),
    ("公里", "length"), ("千米", "length"), ("米", "length_m"), ("尺", "length_m"), ("公尺", "length_m"),
    ("吨公里", "freight"), ("公斤", "weight_kg"), ("千克", "weight_kg"), ("克", "weight_g"),
    ("盎司", "weight_g"),
    ("美元", "money_usd"), ("英镑", "money_gbp"), ("澳元", "money_aud"), ("加元", "money_cad"),
    ("秒", "seconds"), ("分钟", "minutes"), ("刻钟", "minutes"),
]


def family(word: str) -> str:
    if word.startswith("平方") and not word.endswith(("米", "公里", "千米")):
        return "area_other"
    if word.startswith("平方") and word != "平方米" and word.endswith("米") and not word.endswith("千米"):
        return "area_other"
    if word.startswith("立方") and word not in ("立方米", "立方"):
        return "volume_other"
    for end, fam in DIMENSIONS:
        if word.endswith(end):
            return fam
    return "count"


def main(path: str) -> None:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "q" and int(parts[1]) >= MIN_FREQ:
                rows.append((parts[0], family(parts[0]), int(parts[1])))
    rows.sort(key=lambda r: (-r[2], r[0]))
    print("# measure words tagged q in the jieba dictionary (jieba-rs 0.7.2, MIT); scripts/build_measure_words.py")
    print("word\tfamily\tfrequency")
    for word, fam, freq in rows:
        print(f"{word}\t{fam}\t{freq}")


if __name__ == "__main__":
    main(sys.argv[1])
