"""BibTeX reading (bibtexparser v2, failed blocks as problems) and deterministic writing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cite.bibtex import read_bibtex, read_bibtex_string, write_bibtex
from pipeline.cite.references import parse_references
from pipeline.extract import extract_document
from pipeline.model import Reference

ROUND_TRIP_FIELDS = ("title", "container", "year", "year_suffix", "month", "day", "volume", "issue", "pages",
                     "publisher", "place", "url", "doi", "accessed", "organisation", "kind", "authors", "editors")




@pytest.fixture(scope="module")
def seed_references(shared_dir: Path) -> tuple[Reference, ...]:
    return parse_references(extract_document(shared_dir / "papers" / "csto-perspectives.txt"))


def test_bibtex_seed_round_trip(seed_references: tuple[Reference, ...]) -> None:
    text = write_bibtex(seed_references)
    back, problems = read_bibtex_string(text)
    assert problems == []
    assert len(back) == len(seed_references)
    for original, reread in zip(seed_references, back, strict=True):
        for name in ROUND_TRIP_FIELDS:
            assert getattr(reread, name) == getattr(original, name), (original.id, name)
    assert write_bibtex(back) == text  # a fixed point: same keys, same field order


def test_bibtex_seed_keys_are_stable_and_unique(seed_references: tuple[Reference, ...]) -> None:
    back, _ = read_bibtex_string(write_bibtex(seed_references))
    keys = [r.id for r in back]
    assert keys[:5] == ["bardzic2016", "collectivesecuritytreaty1992", "csto2009", "csto2020", "csto2022a"]
    assert "lobanov2019" in keys
    assert "csto2022e" in keys and "csto2022e-2" in keys  # the seed really has two "2022e" entries
    assert len(set(keys)) == len(keys)


def test_bibtex_write_is_deterministic_field_order(seed_references: tuple[Reference, ...]) -> None:
    text = write_bibtex(seed_references[:1])
    fields = [line.split("=")[0].strip() for line in text.splitlines() if "=" in line]
    assert fields == ["author", "title", "journal", "year", "volume", "number", "pages"]
    assert write_bibtex(seed_references) == write_bibtex(list(seed_references))


def test_bibtex_corpus_files_load_and_report_malformed_pieces(shared_dir: Path) -> None:
    files = sorted((shared_dir / "corpus-dev" / "bibtex").glob("*.bib"))
    assert len(files) == 18
    loaded = {path.name: read_bibtex(path) for path in files}
    assert all(references for references, _ in loaded.values())
    # bibtex-tidy's duplicate-key fixtures repeat a key: bibtexparser rejects the second block, named by line.
    _, problems = loaded["bibtex-tidy-duplicates-key.bib"]
    assert len(problems) == 1 and problems[0].endswith("bibtex-tidy-duplicates-key.bib:4: Duplicate entry key 'foo'")
    clean = [name for name, (_, problems) in loaded.items() if not problems]
    assert "bibtex-tidy-duplicates-citation.bib" in clean


def test_bibtex_citation_fixture_fields(shared_dir: Path) -> None:
    references, _ = read_bibtex(shared_dir / "corpus-dev" / "bibtex" / "bibtex-tidy-duplicates-citation.bib")
    raku2 = next(r for r in references if r.id == "Raku2")
    assert [a.family for a in raku2.authors][-1] == "Singh"
    assert (raku2.year, raku2.volume, raku2.pages, raku2.kind) == (2007, "45", "773-782", "article")


def test_bibtex_latex_accents_and_organisations_decoded() -> None:
    text = ("@article{x, author={Đuri{\\'c}, D. and van der Berg, Jan and {World Health Organization}},\n"
            " title={T{\\\"u}bingen notes}, journal={J}, year=2020, pages={1--2}}\n")
    (reference,), problems = read_bibtex_string(text)
    assert problems == []
    assert [(a.family, a.given) for a in reference.authors] == [
        ("Đurić", "D."), ("van der Berg", "Jan"), ("World Health Organization", None)]
    assert reference.authors[0].key == "duric"
    assert (reference.title, reference.pages) == ("Tübingen notes", "1-2")


def test_bibtex_broken_block_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.bib"
    path.write_text("@article{ok, title={Fine}, year=2001}\n\n@article{bad, title={never closed\n", encoding="utf-8")
    references, problems = read_bibtex(path)
    assert [r.id for r in references] == ["ok"]
    assert len(problems) == 1 and f"{path}:3:" in problems[0]
