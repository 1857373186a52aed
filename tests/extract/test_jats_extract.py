"""JATS extraction on the corpus-dev articles and on small hand-made articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from shared_data import jats_manifest

from pipeline.errors import InputError
from pipeline.extract import extract_document
from pipeline.extract.jats import jats_blocks, render_article
from pipeline.model import SectionKind

MANIFEST_ENTRIES = jats_manifest()


def _article(body: str, back: str = "", front: str = "") -> bytes:
    return (
        '<?xml version="1.0"?><article xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta>'
        f"<title-group><article-title>A title</article-title></title-group>{front}</article-meta></front>"
        f"<body>{body}</body><back>{back}</back></article>"
    ).encode()


def test_manifest_is_found(shared_dir: Path) -> None:
    assert len(MANIFEST_ENTRIES) == 31


@pytest.mark.parametrize("entry", MANIFEST_ENTRIES, ids=lambda e: e["file"])
def test_jats_extract_corpus_reference_list_and_sections(shared_dir: Path, entry: dict) -> None:
    document = extract_document(shared_dir / "corpus-dev" / entry["file"])
    assert len(document.reference_entries) == entry["refs"]
    kinds = {section.kind for section in document.sections}
    assert {SectionKind.TITLE, SectionKind.ABSTRACT, SectionKind.BODY, SectionKind.REFERENCES} <= kinds
    assert document.text.startswith(entry["title"].split()[0])
    assert "▶" not in document.text
    assert document.page_count == 1


def test_jats_extract_leaves_out_sub_articles(shared_dir: Path) -> None:
    path = shared_dir / "corpus-dev" / "jats" / "elife-00005.xml"
    document = extract_document(path)
    letter = re.search(rb"<sub-article.*?<p>(.{40})", path.read_bytes(), re.S)
    assert letter is not None
    assert letter.group(1).decode() not in document.text
    assert "Decision letter" not in document.text


def test_jats_extract_elife_reference_in_house_style(shared_dir: Path) -> None:
    document = extract_document(shared_dir / "corpus-dev" / "jats" / "elife-00005.xml")
    first = document.reference_entries[0]
    assert document.text[first.start : first.end] == (
        "Baldwin PR, Penczek PA. 2007. The Transform Class in SPARX and EMAN2. J Struct Biol 157:250–61."
    )


def test_jats_extract_mixed_citation_kept_as_printed(shared_dir: Path) -> None:
    document = extract_document(shared_dir / "corpus-dev" / "jats" / "actacryst-d-67-00463.xml")
    first = document.reference_entries[0]
    assert document.text[first.start : first.end] == (
        "Berejnov, V., Husseini, N. S., Alsaied, O. A. & Thorne, R. E. (2006). J. Appl. Cryst. 39, 244–251."
    )


def test_jats_extract_numbered_list_keeps_labels(shared_dir: Path) -> None:
    document = extract_document(shared_dir / "corpus-dev" / "jats" / "oncotarget-PMC5828200.xml")
    labels = [entry.label for entry in document.reference_entries]
    assert labels == [str(n) for n in range(1, 53)]
    first = document.reference_entries[0]
    assert document.text[first.start : first.end].startswith("Mori H, Takio K, Ogawara M, Selkoe DJ. Mass spectrometry")


def test_jats_extract_footnotes_with_anchors(shared_dir: Path) -> None:
    document = extract_document(shared_dir / "corpus-dev" / "jats" / "ijm-00202.xml")
    numbered = [f for f in document.footnotes if f.marker in ("1", "2", "3")]
    assert [f.marker for f in numbered] == ["1", "2", "3"]
    for footnote in numbered:
        assert footnote.anchor is not None
        assert document.text[footnote.anchor] == "¹²³"[int(footnote.marker) - 1]
        assert document.section_of(footnote.anchor).kind == SectionKind.BODY


def test_jats_extract_positions_point_at_source_lines(shared_dir: Path) -> None:
    path = shared_dir / "corpus-dev" / "jats" / "cstp-77.xml"
    source_lines = path.read_text(encoding="utf-8").splitlines()
    document = extract_document(path)
    checked = 0
    for paragraph in document.paragraphs[5:40]:
        location = document.locate(paragraph.start)
        source = source_lines[location.line - 1][location.column - 1 :]
        assert source.startswith("<"), (location, source[:40])
        checked += 1
    assert checked == 35


def test_jats_extract_element_citation_author_year_style() -> None:
    back = (
        "<ref-list><ref id='r1'><element-citation publication-type='journal'><person-group person-group-type='author'>"
        "<name><surname>Smith</surname><given-names>AB</given-names></name>"
        "<name><surname>Jones</surname><given-names>C</given-names></name></person-group><year>2010</year>"
        "<article-title>A title</article-title><source>Journal</source><volume>12</volume><issue>3</issue>"
        "<fpage>3</fpage><lpage>4</lpage></element-citation></ref></ref-list>"
    )
    body = "<sec><title>Intro</title><p>As shown (<xref ref-type='bibr' rid='r1'>Smith and Jones, 2010</xref>).</p>"
    body += "</sec>"
    blocks, pages, _ = jats_blocks(_article(body, back), "a.xml")
    texts = [b.lines[0][0] for b in blocks]
    assert "Smith, A. B., & Jones, C. (2010). A title. Journal, 12(3), 3–4." in texts
    assert "As shown (Smith and Jones, 2010)." in texts
    assert pages == 1


def test_jats_extract_mixed_citation_tagged_without_separators() -> None:
    back = (
        "<ref-list><ref id='r1'><label>1</label><mixed-citation publication-type='journal'><person-group>"
        "<name><surname>Bellard</surname><given-names>C</given-names></name>"
        "<name><surname>Leadley</surname><given-names>P</given-names></name><etal/></person-group>: "
        "<article-title>Impacts.</article-title><source>Ecol Lett.</source><year>2012</year>;"
        "<volume>15</volume>:<fpage>365</fpage>. <pub-id pub-id-type='pmid'>22257223</pub-id></mixed-citation>"
        "</ref></ref-list>"
    )
    article = render_article(_article("<p>Text.</p>", back), "a.xml")
    entry = article.blocks[-1]
    assert entry.text == "Bellard C, Leadley P, et al.: Impacts. Ecol Lett. 2012;15:365."
    assert entry.label == "1"


def test_jats_extract_table_rows_and_captions() -> None:
    body = (
        "<p>Before.<table-wrap><label>Table 1.</label><caption><title>Strains.</title></caption><table><tr><th>Strain"
        "</th><th>Source</th></tr><tr><td>X1</td><td><xref ref-type='bibr' rid='r1'>Smith, 2001</xref></td></tr>"
        "</table></table-wrap> After.</p>"
    )
    texts = [b.text for b in render_article(_article(body), "a.xml").blocks]
    assert texts[1:] == ["Before. After.", "Table 1. Strains.", "Strain | Source", "X1 | Smith, 2001"]


def test_jats_extract_resolves_html_entities_without_dtd() -> None:
    article = _article("<p>a&nbsp;b &ndash; c</p>").replace(b'<?xml version="1.0"?>', b"")
    data = b'<?xml version="1.0"?><!DOCTYPE article PUBLIC "-//NLM//DTD JATS//EN" "x.dtd">' + article
    texts = [b.text for b in render_article(data, "a.xml").blocks]
    assert "a b – c" in texts


def test_jats_extract_refuses_entity_declarations() -> None:
    declarations = b'<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">'
    bomb = b'<?xml version="1.0"?><!DOCTYPE article [' + declarations + b"]><article>&b;</article>"
    with pytest.raises(InputError, match="entity"):
        jats_blocks(bomb, "bomb.xml")


def test_jats_extract_bad_xml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(b"<article>\n<body>\n<p>unclosed</body></article>")
    with pytest.raises(InputError) as raised:
        extract_document(path)
    message = str(raised.value)
    assert "broken.xml" in message and "line 3" in message


def test_jats_extract_rejects_non_jats_xml() -> None:
    with pytest.raises(InputError, match="not a JATS article"):
        jats_blocks(b"<svg><g/></svg>", "picture.xml")
