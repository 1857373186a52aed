from __future__ import annotations

import json
import os
import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.corpus.annotation_file import (
    annotation_from_json,
    annotation_to_json,
    read_annotation,
    write_annotation,
)
from pipeline.corpus.schemas import load_schema
from pipeline.errors import AnnotationFileError
from pipeline.model import Annotation


def test_annotation_file_round_trip_is_exact(seed_annotation: Annotation) -> None:
    text = annotation_to_json(seed_annotation)
    back = annotation_from_json(text, path="seed.json")
    assert back == seed_annotation
    assert back.document.text == seed_annotation.document.text
    assert back.document.segments == seed_annotation.document.segments
    assert back.document.locate(2000) == seed_annotation.document.locate(2000)
    assert annotation_to_json(back) == text


def test_annotation_file_bytes_do_not_depend_on_list_order(seed_annotation: Annotation) -> None:
    rng = random.Random(7)
    shuffled = replace(
        seed_annotation,
        entities=tuple(rng.sample(seed_annotation.entities, len(seed_annotation.entities))),
        clusters=tuple(rng.sample(seed_annotation.clusters, len(seed_annotation.clusters))),
        citations=tuple(reversed(seed_annotation.citations)),
        references=tuple(reversed(seed_annotation.references)),
        dates=tuple(reversed(seed_annotation.dates)),
    )
    assert shuffled != seed_annotation
    assert annotation_to_json(shuffled) == annotation_to_json(seed_annotation)


def test_annotation_file_layout(seed_annotation: Annotation) -> None:
    text = annotation_to_json(seed_annotation)
    assert text.endswith("}\n")
    assert "Tošić Malešević" in text  # ensure_ascii=False: the file reads like the paper
    data = json.loads(text)
    assert data["schema_version"] == "1.0"
    assert set(data["document"]) == {"id", "source", "source_sha256", "text_sha256", "page_count", "warnings"}
    assert data["text"] == seed_annotation.document.text
    assert all(isinstance(row, list) and len(row) == 5 for row in data["segments"])
    assert f"[{', '.join(map(str, data['segments'][0]))}]" in text  # one row per line, not one number per line
    citation = data["citations"][0]
    assert set(citation) == {"id", "start", "end", "text", "claim", "narrative", "items"}
    assert set(citation["claim"]) == {"start", "end"}
    item = citation["items"][0]
    assert {"reference", "locator", "status", "candidates"} <= set(item)
    rajic = next(r for r in seed_annotation.references if r.raw.startswith("Rajić"))
    assert item["status"] == "linked" and item["reference"] == rajic.id
    assert [e["start"] for e in data["entities"]] == sorted(e["start"] for e in data["entities"])
    reference = data["references"][0]
    assert {"raw", "authors", "organisation", "year", "year_suffix", "title", "doi", "accessed"} <= set(reference)
    assert reference["authors"][0] == {"family": "Lobanov", "given": "K.", "key": "lobanov"}


def test_schema_documents_every_required_top_level_field() -> None:
    schema = load_schema("schema.json")
    assert schema["$schema"].endswith("2020-12/schema")
    for name in ("document", "sections", "references", "citations", "entities", "clusters", "dates"):
        assert name in schema["required"]
    for name in schema["required"]:
        assert schema["properties"][name].get("description"), f"{name} is not documented"
    document = schema["properties"]["document"]["properties"]
    assert all(document[field].get("description") for field in document)


def test_write_annotation_skips_identical_bytes(tmp_path: Path, seed_annotation: Annotation) -> None:
    path = tmp_path / "annotations" / "csto-perspectives.json"
    assert write_annotation(path, seed_annotation) is True
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert write_annotation(path, seed_annotation) is False
    assert path.stat().st_mtime_ns == 1_000_000_000
    changed = replace(seed_annotation, dates=seed_annotation.dates[:1])
    assert write_annotation(path, changed) is True
    assert read_annotation(path) == changed
    assert [p.name for p in path.parent.iterdir()] == ["csto-perspectives.json"]  # no temporary file left


def test_read_annotation_names_the_file_and_the_json_position(tmp_path: Path, seed_annotation: Annotation) -> None:
    path = tmp_path / "paper.json"
    lines = annotation_to_json(seed_annotation).splitlines(keepends=True)
    broken = next(i for i, line in enumerate(lines) if '"page_count"' in line)
    lines[broken] = lines[broken].replace(",\n", "\n")  # the next key then lacks its comma
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(AnnotationFileError) as caught:
        read_annotation(path)
    message = str(caught.value)
    assert str(path) in message and f"invalid JSON at line {broken + 2}, column 3" in message


def test_read_annotation_reports_schema_violation_with_json_path(tmp_path: Path, seed_annotation: Annotation) -> None:
    data = json.loads(annotation_to_json(seed_annotation))
    data["citations"][1]["items"][0]["status"] = "probably"
    path = tmp_path / "paper.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AnnotationFileError, match=r"schema violation at \$\.citations\[1\]\.items\[0\]\.status"):
        read_annotation(path)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["entities"][0].update(start=float(d["entities"][0]["start"])), r"\$\.entities\[0\]\.start"),
        (lambda d: d["document"].pop("text_sha256"), r"'text_sha256' is a required property"),
        (lambda d: d.update(schema_version="2.0"), r"schema_version \"2.0\"; this annocite reads '1.0'"),
        (lambda d: d["segments"].append([1, 2, 3]), r"\$\.segments\[\d+\]"),
        (lambda d: d["entities"][0].update(colour="red"), r"\$\.entities\[0\].*'colour' was unexpected"),
    ],
)
def test_annotation_from_json_rejects_bad_values(seed_annotation: Annotation, mutate, expected: str) -> None:
    data = json.loads(annotation_to_json(seed_annotation))
    mutate(data)
    with pytest.raises(AnnotationFileError, match=expected):
        annotation_from_json(json.dumps(data), path="paper.json")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1, "a": 2}', "duplicate key 'a'"),
        ('{"a": NaN}', "NaN is not a JSON number"),
        ('{"a": "\\ud800"}', "unpaired surrogate"),
        ("[" * 100_000, "invalid JSON"),
        ("", "invalid JSON at line 1, column 1"),
    ],
)
def test_annotation_from_json_strict_json(text: str, expected: str) -> None:
    with pytest.raises(AnnotationFileError, match=expected):
        annotation_from_json(text, path="paper.json")


def test_read_annotation_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(AnnotationFileError, match="cannot read the file"):
        read_annotation(tmp_path / "absent.json")
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"text": "Petrović"}'.encode().replace("ć".encode(), b"\xe6"))
    with pytest.raises(AnnotationFileError, match="not UTF-8"):
        read_annotation(latin1)


# --- fuzzing: whatever the bytes, the only failure is AnnotationFileError -------------------------

_FUZZ = settings(suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def seed_json(seed_annotation: Annotation) -> str:
    return annotation_to_json(seed_annotation)


def _parse_or_annotation_error(text: str) -> None:
    try:
        annotation_from_json(text, path="fuzz.json")
    except AnnotationFileError as error:
        assert error.path == "fuzz.json" and error.problem


@_FUZZ
@given(cut=st.floats(min_value=0, max_value=1))
def test_fuzz_truncated_json(seed_json: str, cut: float) -> None:
    _parse_or_annotation_error(seed_json[: int(len(seed_json) * cut)])


@_FUZZ
@given(data=st.data())
def test_fuzz_character_mutations(seed_json: str, data: st.DataObject) -> None:
    text = seed_json
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(text) - 1))
        insert = data.draw(st.text(alphabet='{}[]:,"\\0123456789-.eEtrufalsn \u0000\ud800x', max_size=3))
        text = text[:at] + insert + text[at + data.draw(st.integers(0, 3)) :]
    _parse_or_annotation_error(text)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)


@_FUZZ
@given(data=st.data())
def test_fuzz_structural_mutations(seed_json: str, data: st.DataObject) -> None:
    document = json.loads(seed_json)
    node, key = _random_slot(document, data)
    if data.draw(st.booleans()) and isinstance(node, dict):
        node.pop(key, None)
    else:
        node[key] = data.draw(_JSON_VALUES)
    _parse_or_annotation_error(json.dumps(document, ensure_ascii=data.draw(st.booleans())))


def _random_slot(document: dict, data: st.DataObject) -> tuple[dict | list, str | int]:
    """A random (container, key) inside the document, going down a few levels."""
    node: dict | list = document
    key: str | int = data.draw(st.sampled_from(sorted(document)))
    for _ in range(data.draw(st.integers(0, 4))):
        child = node[key]
        if not isinstance(child, dict | list) or not child:
            break
        node = child
        key = (
            data.draw(st.sampled_from(sorted(child)))
            if isinstance(child, dict)
            else data.draw(st.integers(0, len(child) - 1))
        )
    return node, key
