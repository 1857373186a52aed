"""A person's corrections survive re-runs of the real pipeline, even when the draft changes under them."""

from __future__ import annotations

import json
import shutil

from pipeline.cli import main
from pipeline.corpus.annotation_file import read_annotation
from pipeline.corpus.curations import load_curations, make_curation, save_curations


def _annotate(root, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(
        [
            "annotate",
            str(root / "drafts"),
            "--annotations",
            str(root / "ann"),
            "--outputs",
            str(root / "out"),
            "--quiet",
        ]
    )
    return code, capsys.readouterr().err


def test_curation_survives_shifted_offsets_and_orphan_is_kept(tmp_path, seed_path, capsys):
    (tmp_path / "drafts").mkdir()
    draft = tmp_path / "drafts" / "csto-perspectives.txt"
    shutil.copy(seed_path, draft)
    assert _annotate(tmp_path, capsys)[0] == 0
    annotation = read_annotation(tmp_path / "ann" / "csto-perspectives.json")
    text = annotation.document.text
    lebanon = next(e for e in annotation.entities if e.text == "Lebanon")
    reuters = next(e for e in annotation.entities if e.text == "Reuters")
    curations = [
        make_curation(annotation, "reject-entity", start=lebanon.start, note="not relevant to the study"),
        make_curation(annotation, "relabel-entity", start=reuters.start, label="ORG"),
    ]
    curation_file = tmp_path / "ann" / "csto-perspectives.curations.json"
    save_curations(curation_file, curations)
    saved = curation_file.read_bytes()

    source = draft.read_text(encoding="utf-8")
    reuters_sentence = source[source.index("Reuters reported") : source.index("of annual GDP.") + len("of annual GDP.")]
    source = source.replace(reuters_sentence, "").replace(
        "INTRODUCTION\n\n", "INTRODUCTION\n\nA new opening paragraph moves every offset that follows.\n\n", 1
    )
    draft.write_text(source, encoding="utf-8")
    code, err = _annotate(tmp_path, capsys)

    assert code == 0
    assert "orphaned curation" in err and "Reuters" in err
    again = read_annotation(tmp_path / "ann" / "csto-perspectives.json")
    assert again.document.text.index("Lebanon") != text.index("Lebanon")
    assert not [e for e in again.entities if e.text == "Lebanon"]
    assert curation_file.read_bytes() == saved
    assert len(load_curations(curation_file)) == 2
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "ann"), "--sources", str(tmp_path / "drafts")]) == 1
    assert "Reuters" in capsys.readouterr().out


def test_curation_reject_applies_on_rerun_without_changes(tmp_path, seed_path, capsys):
    (tmp_path / "drafts").mkdir()
    shutil.copy(seed_path, tmp_path / "drafts" / seed_path.name)
    _annotate(tmp_path, capsys)
    annotation = read_annotation(tmp_path / "ann" / "csto-perspectives.json")
    target = next(e for e in annotation.entities if e.text == "Lebanon")
    save_curations(
        tmp_path / "ann" / "csto-perspectives.curations.json",
        [make_curation(annotation, "reject-entity", start=target.start)],
    )
    code, err = _annotate(tmp_path, capsys)
    assert code == 0 and "orphaned" not in err
    data = json.loads((tmp_path / "ann" / "csto-perspectives.json").read_text(encoding="utf-8"))
    assert "Lebanon" not in [e["text"] for e in data["entities"]]
