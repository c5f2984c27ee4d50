#!/usr/bin/env bash
# Reproduces NotoSansCJKtc-Atrium.otf: Noto Sans CJK TC Regular cut to the characters a coupon can
# need, so the agent embeds a few MB instead of a 19 MB collection. pdfme cannot subset a .ttc
# (`createSubset is not a function`), so the cut is also how we get a single-face .otf.
# Needs Debian's fonts-noto-cjk and python3-fonttools: apt-get install fonts-noto-cjk python3-fonttools
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
content="$(dirname "$here")"
source_ttc="${NOTO_CJK_TTC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}"
out="$here/NotoSansCJKtc-Atrium.otf"
chars="$(mktemp)"
trap 'rm -f "$chars"' EXIT

# The character list: every character of GB2312 (Simplified, 6,763 hanzi) and Big5 level 1
# (Traditional, 5,401 common hanzi), ASCII, CJK and full-width punctuation, and whatever the demo
# content itself uses (campaign titles and terms, shop names), so the content always prints.
/usr/bin/python3 - "$content" >"$chars" <<'PY'
import json, pathlib, sys

chars = set(chr(c) for c in range(0x20, 0x7F))
chars.update(chr(c) for c in range(0x3000, 0x3040))  # CJK symbols and punctuation
chars.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width forms
chars.update('‧·•–—‘’“”…‰′″※℃№™←↑→↓○●◎◇◆□■△▲▽▼★☆')

def decode_all(codec, leads, trails):
    for lead in leads:
        for trail in trails:
            try:
                chars.update(bytes([lead, trail]).decode(codec))
            except UnicodeDecodeError:
                pass

decode_all('gb2312', range(0xA1, 0xF8), range(0xA1, 0xFF))
# Big5: punctuation rows A1–A3 and level 1 hanzi A440–C67E.
decode_all('big5', range(0xA1, 0xC7), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)))

for path in pathlib.Path(sys.argv[1]).glob('*.json'):
    chars.update(path.read_text(encoding='utf-8'))

print(''.join(sorted(c for c in chars if c.isprintable() or c == ' ')))
PY

# A fixed head.modified keeps the output byte-for-byte reproducible.
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1767225600}" /usr/bin/python3 -m fontTools.subset "$source_ttc" --font-number=3 \
	--text-file="$chars" --output-file="$out" \
	--layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline --no-hinting \
	--desubroutinize
echo "$out: $(wc -c <"$out") bytes, $(wc -m <"$chars") characters"
