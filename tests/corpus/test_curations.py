from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from corpus_fixtures import build_annotation, find
from hypothesis import given
from hypothesis import strategies as st

from pipeline.corpus.curations import (
    CurationAction,
    CurationStatus,
    accepted_fingerprints,
    anchor_at,
    apply_curations,
    curations_from_json,
    curations_to_json,
    finding_fingerprint,
    load_curations,
    locate_anchor,
    make_curation,
    save_curations,
)
from pipeline.errors import AnnotationFileError
from pipeline.extract import extract_document
from pipeline.model import Annotation, Finding, LinkStatus, Severity

NEW_TOP_PARAGRAPH = (
    "Editorial note: this revised version corrects the spelling of names and shortens the reference list "
    "at the request of the reviewers.\n\n"
)


def _entity(annotation: Annotation, text: str):
    return next(e for e in annotation.entities if e.text == text)


def _item(annotation: Annotation, text: str):
    return next(i for c in annotation.citations for i in c.items if i.text == text)


def _revised_seed(seed_path: Path, directory: Path) -> Path:
    """The seed after an author's revision: a paragraph inserted at the top (every offset moves), the typo
    "Pashinan" corrected (its text is gone) and the first reference deleted (reference ids renumber)."""
    text = seed_path.read_text(encoding="utf-8")
    first_reference = next(line for line in text.splitlines(keepends=True) if line.startswith("- Bardžić"))
    revised = NEW_TOP_PARAGRAPH + text.replace("Pashinan", "Pashinyan").replace(first_reference, "")
    path = directory / seed_path.name
    path.write_text(revised, encoding="utf-8")
    return path


def _seed_curations(annotation: Annotation) -> list:
    text = annotation.document.text
    tosic = next(r for r in annotation.references if r.raw.startswith("Tošić"))
    return [
        make_curation(annotation, "reject-entity", start=_entity(annotation, "Moscow").start + 2, note="a venue"),
        make_curation(annotation, CurationAction.RELABEL_ENTITY, start=_entity(annotation, "Tashkent").start,
                      label="LOC"),
        make_curation(annotation, "set-link", start=_item(annotation, "Tošić Malešević, 2017").start,
                      reference=tosic.id),
        make_curation(annotation, "merge-clusters", start=_entity(annotation, "Pashinan").start,
                      other=find(text, "Pashinyan")),
    ]  # fmt: skip


def test_curations_survive_a_revision_that_moves_every_offset(
    tmp_path: Path, seed_path: Path, seed_annotation: Annotation
) -> None:
    curations = _seed_curations(seed_annotation)
    curation_file = tmp_path / "annotations" / "csto-perspectives.curations.json"
    save_curations(curation_file, curations)
    saved_bytes = curation_file.read_bytes()

    revised = extract_document(_revised_seed(seed_path, tmp_path))
    annotation = build_annotation(revised, pm_typo=None)
    curated, results = apply_curations(annotation, load_curations(curation_file))

    status = {r.curation.action: r.status for r in results}
    assert status == {
        CurationAction.REJECT_ENTITY: CurationStatus.APPLIED,
        CurationAction.RELABEL_ENTITY: CurationStatus.APPLIED,
        CurationAction.SET_LINK: CurationStatus.APPLIED,
        CurationAction.MERGE_CLUSTERS: CurationStatus.ORPHANED,
    }
    shift = len(NEW_TOP_PARAGRAPH)
    moscow = next(r for r in results if r.curation.action == CurationAction.REJECT_ENTITY)
    assert moscow.start == _entity(seed_annotation, "Moscow").start + shift == _entity(annotation, "Moscow").start
    assert "Moscow" not in {e.text for e in curated.entities}
    assert "c-moscow" not in {c.id for c in curated.clusters}  # its only mention went, so did the cluster
    tashkent = _entity(curated, "Tashkent")
    assert tashkent.label == "LOC"
    assert next(c for c in curated.clusters if c.id == tashkent.cluster).label == "LOC"
    item = _item(curated, "Tošić Malešević, 2017")
    tosic = next(r for r in curated.references if r.raw.startswith("Tošić"))
    old_tosic = next(r for r in seed_annotation.references if r.raw.startswith("Tošić"))
    assert tosic.id != old_tosic.id  # renumbered by the deleted entry: the curation matched the entry's words
    assert (item.reference, item.status) == (tosic.id, LinkStatus.LINKED)
    orphan = next(r for r in results if r.status == CurationStatus.ORPHANED)
    assert "'Pashinan' is no longer in the document" in orphan.reason
    assert orphan.start is None
    # The curation file is never rewritten: the orphan is still there, byte for byte.
    assert curation_file.read_bytes() == saved_bytes
    assert load_curations(curation_file) == curations


def test_curations_apply_again_to_a_curated_annotation(seed_annotation: Annotation) -> None:
    curations = _seed_curations(seed_annotation)
    once, first = apply_curations(seed_annotation, curations)
    assert all(r.status == CurationStatus.APPLIED for r in first), [r.describe() for r in first]
    twice, second = apply_curations(once, curations)
    assert all(r.status == CurationStatus.APPLIED for r in second), [r.describe() for r in second]
    assert twice == once


def test_curations_merge_split_and_add(seed_annotation: Annotation) -> None:
    text = seed_annotation.document.text
    merge = make_curation(
        seed_annotation,
        "merge-clusters",
        start=_entity(seed_annotation, "Russian Federation").start,
        other=_entity(seed_annotation, "Russia").start,
    )
    split = make_curation(seed_annotation, "split-form", start=_entity(seed_annotation, "CSTO").start)
    eurasia = find(text, "Eurasia", 1)
    add = make_curation(seed_annotation, "add-entity", start=eurasia, end=eurasia + len("Eurasia"), label="LOC")
    curated, results = apply_curations(seed_annotation, [merge, split, add])
    assert [r.status for r in results] == [CurationStatus.APPLIED] * 3
    federation = next(c for c in curated.clusters if c.id == "c-russian-federation")
    assert federation.forms == ("Russian Federation", "Russia")
    assert _entity(curated, "Russia").cluster == "c-russian-federation"
    assert "c-russia" not in {c.id for c in curated.clusters}
    csto = _entity(curated, "CSTO")
    assert csto.cluster != "c-csto"
    assert next(c for c in curated.clusters if c.id == "c-csto").forms == ("Collective Security Treaty Organization",)
    added = _entity(curated, "Eurasia")
    assert (added.start, added.label) == (eurasia, "LOC")
    assert next(c for c in curated.clusters if c.id == added.cluster).forms == ("Eurasia",)
    assert [e.start for e in curated.entities] == sorted(e.start for e in curated.entities)


def test_add_entity_replaces_overlapping_automatic_entities(seed_annotation: Annotation) -> None:
    organisation = _entity(seed_annotation, "Collective Security Treaty Organization")
    start = organisation.start + len("Collective ")
    add = make_curation(seed_annotation, "add-entity", start=start, end=organisation.end, label="ORG")
    curated, [result] = apply_curations(seed_annotation, [add])
    assert result.status == CurationStatus.APPLIED
    assert "Collective Security Treaty Organization" not in {e.text for e in curated.entities}
    assert "Security Treaty Organization" in {e.text for e in curated.entities}


def _span_of(text: str, needle: str, occurrence: int) -> tuple[int, int]:
    start = find(text, needle, occurrence)
    return start, start + len(needle)


def test_locate_anchor_same_context_twice_takes_the_one_nearest_the_hint() -> None:
    text = "At the summit in Moscow, Putin met Lukashenko in the Kremlin and both spoke. " * 3
    middle = _span_of(text, "Lukashenko", 1)
    anchor = anchor_at(text, *middle)
    assert locate_anchor(text, anchor) == middle
    assert locate_anchor(text, replace(anchor, start=0)) == _span_of(text, "Lukashenko", 0)
    assert locate_anchor(text, replace(anchor, start=len(text))) == _span_of(text, "Lukashenko", 2)


def test_locate_anchor_falls_back_to_one_side_then_fuzzy_context() -> None:
    text = "In May, Putin met Lukashenko in Minsk to discuss the treaty. In June, Putin met Lukashenko in Moscow again."
    anchor = anchor_at(text, *_span_of(text, "Lukashenko", 1))
    # The text after the mention changed: the text before still identifies it (not the May meeting).
    edited = text.replace("in Moscow again.", "in Sochi.")
    assert locate_anchor(edited, anchor) == _span_of(edited, "Lukashenko", 1)
    # Both sides reworded a little: the fuzzy context match still finds it.
    reworded = (
        "In May, Putin met Lukashenko in Minsk to discuss the treaty. In late June, Putin met Lukashenko in Moscow."
    )
    assert locate_anchor(reworded, anchor) == _span_of(reworded, "Lukashenko", 1)
    # The mention survives only in an unrelated context, or not at all: no guess.
    assert locate_anchor("Lukashenko spoke about sanctions on television for an hour.", anchor) is None
    assert locate_anchor("Nobody met anyone.", anchor) is None


def test_accepted_finding_fingerprint_survives_moved_offsets(
    tmp_path: Path, seed_path: Path, seed_annotation: Annotation
) -> None:
    def finding_on(annotation: Annotation) -> Finding:
        text = annotation.document.text
        start = find(text, "Pashinyan", after=find(text, "Nikol"))  # the revision added another "Pashinyan"
        location = annotation.document.locate(start)
        return Finding(
            "ENT001", "entity-name-variants", Severity.WARNING, "Pashinan / Pashinyan", annotation.document.id,
            start, start + 9, location.page, location.line, location.column, "Pashinyan",
        )  # fmt: skip

    original = finding_on(seed_annotation)
    accept = make_curation(seed_annotation, "accept-finding", start=original.start, finding=original)
    assert accepted_fingerprints([accept]) == {accept.fingerprint}
    revised = build_annotation(extract_document(_revised_seed(seed_path, tmp_path)), pm_typo=None)
    moved = finding_on(revised)
    assert moved.start != original.start
    assert finding_fingerprint(moved, revised.document.text) == accept.fingerprint
    _, [result] = apply_curations(revised, [accept])
    assert result.status == CurationStatus.APPLIED


def test_make_curation_rejects_offsets_with_nothing_there(seed_annotation: Annotation) -> None:
    with pytest.raises(ValueError, match="no entity at offset 0"):
        make_curation(seed_annotation, "reject-entity", start=0)
    with pytest.raises(ValueError, match="no citation item"):
        make_curation(seed_annotation, "set-link", start=0, status="missing")
    item = _item(seed_annotation, "Lobanov, 2019")
    with pytest.raises(ValueError, match="no reference 'ref999'"):
        make_curation(seed_annotation, "set-link", start=item.start, reference="ref999")


def test_make_curation_is_deterministic(seed_annotation: Annotation) -> None:
    first = _seed_curations(seed_annotation)
    assert first == _seed_curations(seed_annotation)
    assert len({c.id for c in first}) == len(first)
    moscow = first[0]
    assert moscow.anchor.text == "Moscow" and len(moscow.anchor.before) == len(moscow.anchor.after) == 30


def test_set_link_to_status_only(seed_annotation: Annotation) -> None:
    item = _item(seed_annotation, "Lobanov, 2019")
    curation = make_curation(seed_annotation, "set-link", start=item.start, status=LinkStatus.AMBIGUOUS)
    curated, [result] = apply_curations(seed_annotation, [curation])
    assert result.status == CurationStatus.APPLIED
    assert (_item(curated, "Lobanov, 2019").reference, _item(curated, "Lobanov, 2019").status) == (
        None,
        LinkStatus.AMBIGUOUS,
    )


def test_curation_file_round_trip_and_errors(tmp_path: Path, seed_annotation: Annotation) -> None:
    path = tmp_path / "doc.curations.json"
    assert load_curations(path) == []
    curations = _seed_curations(seed_annotation)
    save_curations(path, curations)
    assert load_curations(path) == curations
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == "1.0" and data["curations"][0]["note"] == "a venue"
    del data["curations"][2]["reference_raw"]  # a set-link with neither a reference nor a status
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AnnotationFileError, match=r"doc\.curations\.json.*\$\.curations\[2\]"):
        load_curations(path)
    path.write_text('{"schema_version": "1.0", "curations": [', encoding="utf-8")
    with pytest.raises(AnnotationFileError, match="invalid JSON at line 1"):
        load_curations(path)
    with pytest.raises(AnnotationFileError, match="duplicate curation id"):
        save_curations(path, [curations[0], curations[0]])


@pytest.fixture(scope="module")
def curations_json(seed_annotation: Annotation) -> str:
    return curations_to_json(_seed_curations(seed_annotation))


@given(data=st.data())
def test_fuzz_curation_files_fail_only_with_annotation_file_error(curations_json: str, data: st.DataObject) -> None:
    text = curations_json
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        insert = data.draw(st.text(alphabet='{}[]:,"\\0123456789-.etrufalsn x', max_size=3))
        text = text[:at] + insert + text[at + data.draw(st.integers(0, 4)) :]
    try:
        curations_from_json(text, path="fuzz.curations.json")
    except AnnotationFileError as error:
        assert error.path == "fuzz.curations.json"
