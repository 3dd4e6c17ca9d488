#!/usr/bin/env python3
"""Which issues and plans change between two builds of the CLI, file by file.

Each rule that reads problems or plans is checked this way on the whole corpus and the excerpt
sets before it is committed: a change is read item by item, not only as a score.

    cp target/release/healthreport /tmp/hr_base   # before the change
    cargo build --release
    python3 scripts/item_diff.py /tmp/hr_base target/release/healthreport \
        $(find ../shared/corpus -mindepth 2 -type f) tests/fixtures/excerpts/*/docs/*

Prints, for every file whose items differ, the issues (I) and plans (P) only the old build
reads (-) and only the new one reads (+).
"""
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def items(binary, path):
    try:
        out = subprocess.run([binary, "parse", path], capture_output=True, timeout=60).stdout
        d = json.loads(out)
    except (subprocess.TimeoutExpired, json.JSONDecodeError):
        return set(), set()
    return {i["text"] for i in d.get("issues", [])}, {p["text"] for p in d.get("plans", [])}


def diff(old, new, path):
    (oi, op), (ni, np_) = items(old, path), items(new, path)
    lines = [f"  -I {t}" for t in sorted(oi - ni)] + [f"  +I {t}" for t in sorted(ni - oi)]
    lines += [f"  -P {t}" for t in sorted(op - np_)] + [f"  +P {t}" for t in sorted(np_ - op)]
    return path, lines


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    old, new, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    with ThreadPoolExecutor(2) as ex:
        for path, lines in ex.map(lambda f: diff(old, new, f), files):
            if lines:
                print(path)
                print("\n".join(lines))


if __name__ == "__main__":
    main()
