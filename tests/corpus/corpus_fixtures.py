"""A hand-made annotation of the seed paper, built by searching texts in the extracted document (never by
fixed offsets), so the same builder gives the annotation of an edited copy at its new offsets, as the cite and
annotate stages would. (A uniquely named module rather than conftest, so test modules can import it.)"""

from __future__ import annotations

import re

from pipeline.model import (
    Annotation,
    Author,
    Citation,
    CitationItem,
    Cluster,
    DateMention,
    Document,
    Entity,
    LinkStatus,
    Reference,
)


def find(text: str, needle: str, occurrence: int = 0, *, after: int = 0) -> int:
    """Offset of the ``occurrence``-th whole-word ``needle`` at or after ``after``; fails the test when absent."""
    starts = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", text[after:])]
    assert len(starts) > occurrence, f"{needle!r} (occurrence {occurrence}) not found"
    return after + starts[occurrence]


def _reference(document: Document, prefix: str, **fields: object) -> Reference:
    """The parsed entry that starts with ``prefix``; its id is the entry's positional id, as the cite stage's."""
    entry = next(e for e in document.reference_entries if document.text[e.start : e.end].startswith(prefix))
    return Reference(entry.id, entry.start, entry.end, document.text[entry.start : entry.end], **fields)


def _citation(
    document: Document, cit_id: str, text: str, items: list[tuple[str, str | None, LinkStatus, str | None]]
) -> Citation:
    start = find(document.text, text)
    sentence = document.sentence_at(start)
    assert sentence is not None
    built = []
    for item_text, reference, status, locator in items:
        item_start = find(document.text, item_text, after=start)
        built.append(
            CitationItem(
                item_start,
                item_start + len(item_text),
                item_text,
                "author-date",
                authors=(item_text.split(",")[0],),
                year=int(item_text.rsplit(", ", 1)[1][:4]),
                locator=locator,
                reference=reference,
                status=status,
            )
        )
    return Citation(cit_id, start, start + len(text), text, sentence.start, sentence.end, False, tuple(built))


ENTITY_SPECS = [  # text, occurrence, label, cluster
    ("Collective Security Treaty Organization", 0, "ORG", "c-csto"),
    ("CSTO", 1, "ORG", "c-csto"),
    ("Russian Federation", 0, "GPE", "c-russian-federation"),
    ("Tashkent", 0, "GPE", "c-tashkent"),
    ("Russia", 2, "GPE", "c-russia"),
    ("Lukashenko", 0, "PERSON", "c-lukashenko"),
    ("Moscow", 0, "GPE", "c-moscow"),
    ("Pashinyan", 0, "PERSON", "c-pashinyan"),
]


def _cluster(cluster_id: str, members: list[Entity]) -> Cluster:
    return Cluster(cluster_id, members[0].text, members[0].label, tuple(dict.fromkeys(m.text for m in members)))


def build_annotation(document: Document, *, pm_typo: str | None = "Pashinan") -> Annotation:
    """A hand-made annotation of the seed (or an edited copy): three references, three citations (one left
    unlinked on purpose, for a curation to fix), nine entities in nine clusters and two dates.
    ``pm_typo``: the misspelt "Pashinan" mention, absent from a corrected copy (None)."""
    text = document.text
    lobanov = _reference(
        document,
        "Lobanov, K. (2019)",
        authors=(Author("Lobanov", "K.", "lobanov"),),
        year=2019,
        pages="214-233",
        kind="chapter",
    )
    rajic = _reference(
        document,
        "Rajić, N., Gajić, A. (2020)",
        year=2020,
        pages="147-178",
        kind="article",
        authors=(Author("Rajić", "N.", "rajic"), Author("Gajić", "A.", "gajic")),
    )
    tosic = _reference(
        document,
        "Tošić Malešević, N. (2017)",
        year=2017,
        pages="400-435",
        kind="article",
        authors=(Author("Tošić Malešević", "N.", "tosic malesevic"),),
    )
    citations = (
        _citation(document, "c1", "(Rajić & Gajić, 2020, pp. 148, etc)",
                  [("Rajić & Gajić, 2020", rajic.id, LinkStatus.LINKED, "pp. 148, etc")]),
        _citation(document, "c2", "(Tošić Malešević, 2017, p. 423)",
                  [("Tošić Malešević, 2017", None, LinkStatus.MISSING, "p. 423")]),
        _citation(document, "c3", "(Lobanov, 2019; Collective Security Treaty, 1992, May 15; 2010, December 10)",
                  [("Lobanov, 2019", lobanov.id, LinkStatus.LINKED, None)]),
    )  # fmt: skip
    specs = list(ENTITY_SPECS) + ([(pm_typo, 0, "PERSON", "c-pashinan")] if pm_typo else [])
    mentions = sorted(
        (find(text, needle, occurrence), needle, label, cluster) for needle, occurrence, label, cluster in specs
    )
    entities = tuple(
        Entity(f"e{i + 1}", start, start + len(needle), label, needle, cluster)
        for i, (start, needle, label, cluster) in enumerate(mentions)
    )
    clusters = tuple(
        _cluster(cid, [e for e in entities if e.cluster == cid]) for cid in sorted({e.cluster for e in entities})
    )
    may = find(text, "May 15, 1992")
    january = find(text, "January 2022")
    dates = (
        DateMention("d1", may, may + len("May 15, 1992"), "May 15, 1992", "1992-05-15", "day"),
        DateMention("d2", january, january + len("January 2022"), "January 2022", "2022-01", "month"),
    )
    return Annotation(document, (lobanov, rajic, tosic), citations, entities, clusters, dates)
