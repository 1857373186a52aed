"""Reading tagged reference strings into training examples: cleaning, de-duplication, further training data."""

from __future__ import annotations

from pathlib import Path

from pipeline.cite.fieldtagger import Piece, labelled_tokens
from pipeline.evaluate.refstring_gold import GoldReference, as_cleaned, not_in, read_gold, training_strings

TRAINING_DATA = Path(__file__).resolve().parents[2] / "training-data"
GOLD_XML = """<?xml version="1.0" encoding="UTF-8"?>
<dataset>
  <sequence><author>Smith, J.</author><date>(2001).</date><title>A title.</title><journal>Nature,</journal></sequence>
  <sequence><author>Lund, U.</author><date>2003.</date><title>Another.</title><publisher>Wiley.</publisher></sequence>
</dataset>
"""


def test_training_tokens_are_those_the_parser_tags_after_cleaning() -> None:
    """GROBID's PDF text "Nat .Phys .11 ,748" is tagged as "Nat. Phys. 11, 748": training must see the same tokens,
    each still carrying the label of the characters it came from."""
    pieces = (Piece("title", "Weyl semimetal TaP"), Piece("other", " ."), Piece("container", "Nat .Phys ."),
              Piece("volume", "11"), Piece("other", " ,"), Piece("pages", "748 -754"), Piece("other", "( "),
              Piece("date", "2015"), Piece("other", ")."))
    assert labelled_tokens(as_cleaned(pieces)) == [
        ("Weyl", "title"), ("semimetal", "title"), ("TaP.", "title"), ("Nat.", "container"), ("Phys.", "container"),
        ("11,748", "volume"), ("-754(2015).", "pages")]


def test_cleaning_leaves_ordinary_strings_alone() -> None:
    pieces = (Piece("author", "Smith, J. "), Piece("date", "(2001). "), Piece("title", "“A title,” "),
              Piece("container", "Nature"))
    assert as_cleaned(pieces) == pieces


def test_further_strings_that_are_also_in_the_evaluation_set_are_left_out(tmp_path: Path) -> None:
    gold = _read(tmp_path / "gold", GOLD_XML)
    extra = [*gold, *_read(tmp_path / "extra", GOLD_XML.replace("Smith, J.", "[12] Smith, J.").replace("Lund", "Berg"))]
    kept = not_in(extra, gold)
    assert [g.text for g in kept] == ["Berg, U. 2003. Another. Wiley."]  # "[12] Smith ..." is the same reference


def test_every_anystyle_dataset_in_a_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "anystyle-a.xml").write_text(GOLD_XML, encoding="utf-8")
    (tmp_path / "anystyle-b.xml").write_text(GOLD_XML.replace("Smith", "Jones"), encoding="utf-8")
    assert [g.author_text for g in read_gold(tmp_path)] == ["Smith, J.", "Lund, U.", "Jones, J.", "Lund, U."]


def test_the_shipped_training_data_adds_strings_not_in_corpus_dev(shared_dir: Path) -> None:
    gold, extra = training_strings(shared_dir / "corpus-dev" / "refstrings", TRAINING_DATA)
    assert len(gold) == 2221 and len(extra) == 6766
    assert {g.source for g in extra} == {"anystyle", "grobid"}
    assert sum(bool(g.title) for g in extra) > 0.8 * len(extra)  # physics and chemistry strings have none


def _read(directory: Path, xml: str) -> list[GoldReference]:
    directory.mkdir()
    (directory / "anystyle-x.xml").write_text(xml, encoding="utf-8")
    return list(read_gold(directory))


def test_a_further_string_repeated_across_datasets_is_trained_on_once(tmp_path: Path) -> None:
    gold = _read(tmp_path / "gold", GOLD_XML.replace("Smith", "Jones"))
    extra = [*_read(tmp_path / "a", GOLD_XML), *_read(tmp_path / "b", GOLD_XML)]
    assert [g.author_text for g in not_in(extra, gold)] == ["Smith, J."]  # Lund is scored on; Smith comes twice


def test_grobid_files_without_the_tei_suffix_or_namespace_are_read(tmp_path: Path) -> None:
    """GROBID's older training files are bare ``<citations>`` named ``*.training.references.xml``."""
    (tmp_path / "grobid-citation").mkdir()
    (tmp_path / "grobid-citation" / "10.v89-170.training.references.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<citations><bibl><author>C. J. PEDERSEN</author>. '
        '<title level="j">J. Am. Chem. Soc.</title> <biblScope type="vol">89</biblScope>, '
        '<biblScope type="pp">2495</biblScope> (<date>1967</date>).</bibl></citations>\n', encoding="utf-8")
    [reference] = read_gold(tmp_path)
    assert (reference.source, reference.container, reference.title) == ("grobid", "J. Am. Chem. Soc.", None)
    assert dict(reference.tokens())["2495"] == "pages"
