"""Patterns shared by the extractors of text drafts and PDFs: section headings and list labels."""

from __future__ import annotations

import re

REFERENCES_HEADING = re.compile(
    r"^(?:#{1,6}\s*)?(?:\d+\.?\s*)?\**(references?|bibliography|works cited|literature|references and notes|"
    r"literatura|cited literature|sources|sources and literature|reference list)\**:?\s*$",
    re.IGNORECASE,
)
ABSTRACT = re.compile(r"^\**(abstract|summary)\**\s*[:.—-]?\s*", re.IGNORECASE)
KEYWORDS = re.compile(r"^\**(key\s*words|index terms)\**\s*[:.—-]\s*", re.IGNORECASE)
# A list item: a bullet, "[12]" or "12." (the label groups name the reference label).
LIST_ITEM = re.compile(r"^(?:[-*•]\s+|\[(?P<bracket>\d{1,4})\]\s*|(?P<number>\d{1,4})\.\s+)")
SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")
# Stricter: a line that closes a sentence. A list item's line may end at ":", ";" or ")" and go on.
FULL_STOP_END = re.compile(r"[.!?][\"”’)\]]*$")
