#!/usr/bin/env bash
# Convert the seed reports into the other formats uploads arrive in, with real
# tools: GB18030 with iconv, HTML by wrapping in a page with navigation and a
# footer, DOCX and PDF with LibreOffice (Debian: libreoffice-writer-nogui,
# fonts-noto-cjk). Output: tests/fixtures/formats/{gbk,html,docx,pdf}/.
set -euo pipefail
cd "$(dirname "$0")/.."
src=tests/fixtures/seeds
out=tests/fixtures/formats
mkdir -p "$out"/{gbk,html,docx,pdf}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$src"/*.txt; do
  stem=$(basename "$f" .txt)
  iconv -f UTF-8 -t GB18030 "$f" > "$out/gbk/$stem.txt"
  python3 - "$f" "$out/html/$stem.html" <<'PY'
import html, sys
lines = [l.strip() for l in open(sys.argv[1], encoding="utf-8").read().splitlines()]
body = "\n".join(f"<p>{html.escape(l)}</p>" for l in lines if l)
page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(lines[0])}</title>
<script>var _hmt = _hmt || [];</script><style>p {{ margin: 0 }}</style></head>
<body><div class="nav"><a href="/">首页</a> | <a href="/fanwen">范文大全</a> | <a href="/zongjie">工作总结</a></div>
<div id="content">
{body}
</div>
<div class="footer">Copyright © 2024 范文网 版权所有 备案号:京ICP备00000000号</div></body></html>
"""
open(sys.argv[2], "w", encoding="utf-8").write(page)
PY
  # LibreOffice reads the text as UTF-8 and writes one paragraph per line
  cp "$f" "$tmp/$stem.txt"
  soffice --headless --infilter="Text (encoded):UTF8,LF,,," --convert-to docx --outdir "$out/docx" "$tmp/$stem.txt" >/dev/null 2>&1
  soffice --headless --infilter="Text (encoded):UTF8,LF,,," --convert-to pdf --outdir "$out/pdf" "$tmp/$stem.txt" >/dev/null 2>&1
done
ls -la "$out"/*

# A "scan": a PDF page without a text layer (an image page, printed through
# Writer from an HTML page that holds only the picture).
python3 - "$tmp/scan.html" <<'PY'
import base64, struct, sys, zlib
w, h = 200, 100
raw = b"".join(b"\x00" + bytes((x * 7 + y * 3) % 256 for x in range(w)) for y in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "w").write('<html><body><img src="data:image/png;base64,' + base64.b64encode(png).decode() + '"></body></html>')
PY
soffice --headless --convert-to pdf:writer_pdf_Export --outdir "$tmp" "$tmp/scan.html" >/dev/null 2>&1
cp "$tmp/scan.pdf" "$out/scan.pdf"

# A password-protected PDF (AES-128, user password "secret"): a clear 415, not a
# garbled text layer. Needs pypdf (pip install pypdf).
python3 - "$out/pdf/003_0111f2b5f4a14242.pdf" "$out/encrypted.pdf" <<'PY'
import sys
from pypdf import PdfReader, PdfWriter
w = PdfWriter()
for page in PdfReader(sys.argv[1]).pages:
    w.add_page(page)
w.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
with open(sys.argv[2], "wb") as f:
    w.write(f)
PY
