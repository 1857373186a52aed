from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from corpus_fixtures import build_annotation, find

from pipeline.corpus.annotation_file import write_annotation
from pipeline.corpus.curations import make_curation, save_curations
from pipeline.corpus.validate import Problem, validate_annotation_file, validate_corpus
from pipeline.extract import extract_document

DOC = "csto-perspectives"


@pytest.fixture
def project(tmp_path: Path, seed_path: Path) -> Path:
    """A project folder with the seed in sources/ and its (hand-made) annotation in annotations/."""
    (tmp_path / "sources").mkdir()
    shutil.copy(seed_path, tmp_path / "sources")
    annotation = build_annotation(extract_document(tmp_path / "sources" / seed_path.name))
    write_annotation(tmp_path / "annotations" / f"{DOC}.json", annotation)
    return tmp_path


def _annotation_file(project: Path) -> Path:
    return project / "annotations" / f"{DOC}.json"


def _corrupt(path: Path, mutate: Callable[[dict], object]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _entity_index(data: dict, text: str) -> int:
    return next(i for i, e in enumerate(data["entities"]) if e["text"] == text)


def test_validate_accepts_a_consistent_annotation(project: Path) -> None:
    assert validate_annotation_file(_annotation_file(project), sources_dir=project / "sources") == []
    assert validate_corpus(project / "annotations", sources_dir=None) == []


def _moscow_text(data: dict) -> None:
    data["entities"][_entity_index(data, "Moscow")]["text"] = "Moskva"


def _outside(data: dict) -> None:
    data["entities"][0]["end"] = len(data["text"]) + 5


def _backwards(data: dict) -> None:
    data["dates"][0]["end"] = data["dates"][0]["start"] - 1


def _raw(data: dict) -> None:
    data["references"][0]["raw"] += " (In Russian)."


def _claim(data: dict) -> None:
    data["citations"][2]["claim"]["end"] = 10**7


def _duplicate(data: dict) -> None:
    data["entities"][1]["id"] = data["entities"][0]["id"]


def _dangling_reference(data: dict) -> None:
    data["citations"][0]["items"][0]["reference"] = "ref999"


def _dangling_cluster(data: dict) -> None:
    data["entities"][_entity_index(data, "Tashkent")]["cluster"] = "c-samarkand"


def _dangling_section(data: dict) -> None:
    data["paragraphs"][4]["section"] = "s99"


def _linked_without_reference(data: dict) -> None:
    data["citations"][0]["items"][0]["reference"] = None


def _renamed(data: dict) -> None:
    data["document"]["id"] = "another-paper"


def _string_offset(data: dict) -> None:
    data["entities"][0]["start"] = "115"


@pytest.mark.parametrize(
    ("mutate", "where", "message"),
    [
        (_moscow_text, r"\$\.entities\[\d+\]", "e7: stored text 'Moskva' differs from the document text 'Moscow'"),
        (_outside, r"\$\.entities\[0\]", r"e1: span 115-\d+ is outside the text \(\d+ characters\)"),
        (_backwards, r"\$\.dates\[0\]", r"d1: end \d+ is before start \d+"),
        (_raw, r"\$\.references\[0\]", r"stored text 'Lobanov, K\. \(2019\).*' differs from the document text"),
        (_claim, r"\$\.citations\[2\]\.claim", "claim of c3: span .* is outside the text"),
        (_duplicate, r"\$\.entities\[1\]\.id", "duplicate id 'e1' in entities"),
        (_dangling_reference, r"\$\.citations\[0\]\.items\[0\]\.reference", "Gajić, 2020': reference 'ref999'"),
        (_dangling_cluster, r"\$\.entities\[\d+\]\.cluster", "'Tashkent': cluster 'c-samarkand' does not exist"),
        (_dangling_section, r"\$\.paragraphs\[4\]\.section", "p5: section 's99' does not exist"),
        (_linked_without_reference, r"\$\.citations\[0\]\.items\[0\]\.status", "status is linked but no reference"),
        (_renamed, r"\$\.document\.id", "id 'another-paper' does not match the file name 'csto-perspectives.json'"),
        (_string_offset, r"\$\.entities\[0\]\.start", "schema violation: '115' is not of type 'integer'"),
    ],
)  # fmt: skip
def test_validate_reports_each_corruption(
    project: Path, mutate: Callable[[dict], None], where: str, message: str
) -> None:
    path = _annotation_file(project)
    _corrupt(path, mutate)
    problems = validate_annotation_file(path, sources_dir=None)
    assert problems, "the corruption went unnoticed"
    assert all(p.path == str(path) for p in problems)
    assert any(re.fullmatch(where, p.where) and re.search(message, p.message) for p in problems), problems


def test_validate_names_the_json_error(project: Path) -> None:
    path = _annotation_file(project)
    path.write_text(path.read_text(encoding="utf-8")[:2000], encoding="utf-8")
    [problem] = validate_annotation_file(path, sources_dir=None)
    assert problem.path == str(path) and problem.where == "$"
    assert re.match(r"invalid JSON at line \d+, column \d+: ", problem.message)


def test_validate_detects_an_edited_text(project: Path) -> None:
    path = _annotation_file(project)
    _corrupt(path, lambda data: data.update(text=data["text"].replace("Moscow", "Moskva")))
    messages = {p.where: p.message for p in validate_annotation_file(path, sources_dir=None)}
    assert "text_sha256 does not match the stored text" in messages["$.document.text_sha256"]
    assert any("'Moscow' differs from the document text 'Moskva'" in m for m in messages.values())


def test_validate_detects_a_changed_source(project: Path) -> None:
    source = project / "sources" / f"{DOC}.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("Pashinan", "Pashinyan"), encoding="utf-8")
    [problem] = validate_annotation_file(_annotation_file(project), sources_dir=None)
    assert problem.where == "$.document.source_sha256"
    assert problem.message.startswith("source changed since annotation: re-run annocite annotate")
    assert str(source) in problem.message


def test_validate_finds_a_moved_source_in_sources_dir(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = _annotation_file(project)
    _corrupt(path, lambda data: data["document"].update(source="/nowhere/csto-perspectives.txt"))
    assert validate_annotation_file(path, sources_dir=None) == []  # source not found: nothing to compare
    elsewhere = tmp_path_factory.mktemp("drafts")
    (elsewhere / f"{DOC}.txt").write_text("A different draft.\n", encoding="utf-8")
    [problem] = validate_annotation_file(path, sources_dir=elsewhere)
    assert "source changed since annotation" in problem.message


def test_validate_reports_orphaned_curations(project: Path, seed_annotation) -> None:
    """Curations made on the seed; the author then fixed the typo "Pashinan": its merge no longer applies."""
    text = seed_annotation.document.text
    pashinan = next(e for e in seed_annotation.entities if e.text == "Pashinan")
    merge = make_curation(seed_annotation, "merge-clusters", start=pashinan.start, other=find(text, "Pashinyan"))
    moscow = next(e for e in seed_annotation.entities if e.text == "Moscow")
    reject = make_curation(seed_annotation, "reject-entity", start=moscow.start)
    curation_file = project / "annotations" / f"{DOC}.curations.json"
    save_curations(curation_file, [reject, merge])
    assert validate_annotation_file(_annotation_file(project), sources_dir=None) == []

    source = project / "sources" / f"{DOC}.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("Pashinan", "Pashinyan"), encoding="utf-8")
    write_annotation(_annotation_file(project), build_annotation(extract_document(source), pm_typo=None))
    [problem] = validate_annotation_file(_annotation_file(project), sources_dir=None)
    assert problem.path == str(curation_file) and problem.where == "$.curations[1]"
    assert problem.message == (
        f"curation {merge.id} (merge-clusters 'Pashinan') orphaned: the text 'Pashinan' is no longer in the document"
    )


def test_validate_reports_a_malformed_curation_file(project: Path) -> None:
    curation_file = project / "annotations" / f"{DOC}.curations.json"
    curation_file.write_text('{"schema_version": "1.0", "curations": [{"id": "x", "action": "forget"}]}', "utf-8")
    [problem] = validate_annotation_file(_annotation_file(project), sources_dir=None)
    assert problem.path == str(curation_file)
    assert "schema violation at $.curations[0]" in problem.message


def test_validate_corpus_checks_every_file(project: Path, seed_path: Path) -> None:
    annotations = project / "annotations"
    second = project / "sources" / "csto-revised.txt"
    second.write_text("Editorial note.\n\n" + seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    write_annotation(annotations / "csto-revised.json", build_annotation(extract_document(second)))
    (annotations / "withdrawn.curations.json").write_text('{"schema_version": "1.0", "curations": []}\n', "utf-8")
    _corrupt(annotations / "csto-revised.json", _dangling_cluster)
    problems = validate_corpus(annotations, sources_dir=project / "sources")
    assert [(Path(p.path).name, p.where) for p in problems] == [
        ("csto-revised.json", f"$.entities[{_tashkent_index(annotations / 'csto-revised.json')}].cluster"),
        ("withdrawn.curations.json", "$"),
    ]
    assert problems[1].message == "curations for a document that has no annotation file"
    assert validate_corpus(project / "missing", sources_dir=None) == [
        Problem(str(project / "missing"), "$", "annotations directory not found")
    ]


def _tashkent_index(path: Path) -> int:
    return _entity_index(json.loads(path.read_text(encoding="utf-8")), "Tashkent")
