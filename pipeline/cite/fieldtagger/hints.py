"""The rule parser's reading of a reference string as one label per token (a feature of the field tagger)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.cite.fieldtagger.features import Token

# Located latest first, so that an earlier field wins where two values overlap.
HINTED_FIELDS = ("place", "publisher", "pages", "volume", "container", "title")


def rule_hints(text: str, tokens: Sequence[Token], values: Mapping[str, str | None], year: int | None,
               has_authors: bool) -> list[str]:
    """Per token: the rule field whose value covers it; before the first of them "date" for the token holding the
    year and "author" for the others (when the rules found authors); else "none"."""
    labels = ["none"] * len(text)
    for name in HINTED_FIELDS:
        value = values.get(name)
        at = text.find(value) if value else -1
        if at >= 0:
            labels[at:at + len(value)] = [name] * len(value)
    hints = [labels[t.start] if t.start < len(labels) else "none" for t in tokens]
    for i, token in enumerate(tokens):
        if hints[i] != "none":
            break
        if year and str(year) in token.text:
            hints[i] = "date"
        elif has_authors:
            hints[i] = "author"
    return hints
