from __future__ import annotations

from pathlib import Path

from pipeline.extract import extract_document
from pipeline.model import SectionKind


def test_text_seed_has_body_seven_footnotes_and_25_references(seed_document):
    kinds = {s.kind for s in seed_document.sections}
    assert {SectionKind.TITLE, SectionKind.ABSTRACT, SectionKind.KEYWORDS, SectionKind.BODY} <= kinds
    assert [f.marker for f in seed_document.footnotes] == ["*", "1", "2", "3", "4", "5", "6"]
    assert len(seed_document.reference_entries) == 25
    first = seed_document.reference_entries[0]
    assert seed_document.text[first.start : first.end].startswith("Bardžić, Ž., Đurić, D. (2016).")


def test_text_seed_rejoins_sentence_cut_by_footnote(seed_document):
    body = seed_document.sections_of_kind(SectionKind.BODY)[0]
    body_text = seed_document.text[body.start : body.end]
    assert "Sadyr Japarov, President of Kyrgyzstan" in body_text
    assert "the national armed forces, special services" in body_text
    assert "Commonwealth of Independent States, the Shanghai Organization" in body_text


def test_text_seed_no_footnote_text_in_body(seed_document):
    body = seed_document.sections_of_kind(SectionKind.BODY)[0]
    body_text = seed_document.text[body.start : body.end]
    for footnote in seed_document.footnotes:
        note = seed_document.text[footnote.start : footnote.end]
        assert note[:40] not in body_text
        assert seed_document.section_of(footnote.start).kind == SectionKind.FOOTNOTES


def test_text_seed_footnote_anchors_point_at_markers(seed_document):
    anchors = {f.marker: f.anchor for f in seed_document.footnotes}
    text = seed_document.text
    assert text[anchors["2"] - 3 : anchors["2"] + 1] == "f).2"
    assert text[anchors["3"]] == "³"
    assert text[anchors["*"] - 8 : anchors["*"] + 1] == "PETROVIĆ*"


def test_text_seed_offsets_map_back_to_source_lines(seed_document, seed_path):
    source_lines = seed_path.read_text(encoding="utf-8").splitlines()
    for needle in ("Sadyr", "Japarov, President", "REFERENCES", "Hence, the Tashkent Pact", "Tošić Malešević, N."):
        offset = seed_document.text.index(needle)
        where = seed_document.locate(offset)
        line = source_lines[where.line - 1]
        assert line[where.column - 1 :].startswith(needle), needle


def test_text_seed_sentences_do_not_split_citations(seed_document):
    text = seed_document.text
    sentences = [text[s.start : s.end] for s in seed_document.sentences]
    assert any(
        s.startswith("The Collective Security Treaty was signed in Tashkent") and s.endswith("etc).") for s in sentences
    )
    assert not any(s.startswith("p. 7)") or s.startswith("Gryzlov") for s in sentences)


def test_text_markdown_headings_and_footnote_definitions(tmp_path: Path):
    draft = tmp_path / "note.md"
    draft.write_text(
        "# A Title\n\n## Introduction\n\nBody text cites a note[^1] and goes on.\n\n"
        "[^1]: The note itself.\n\n## References\n\n- Smith, J. (2020). A book. Publisher.\n"
        "- Jones, K. (2019). Another. Press.\n",
        encoding="utf-8",
    )
    document = extract_document(draft)
    assert [document.text[f.start : f.end] for f in document.footnotes] == ["The note itself."]
    anchor = document.footnotes[0].anchor
    assert document.text[anchor : anchor + 5] == "[^1] "
    assert len(document.reference_entries) == 2
    assert document.id == "note"


def test_text_end_of_line_hyphenation_and_ligatures_are_joined(tmp_path: Path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Title\n\nThe establish-\nment was dif\ufb01cult and soft\u00adhyphenated.\n", encoding="utf-8")
    document = extract_document(draft)
    assert "The establishment was difficult and softhyphenated." in document.text
