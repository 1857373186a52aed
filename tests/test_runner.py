"""The batch runner: content-hash cache, parallel jobs, and resuming after kill -9."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory, shared_dir, seed_path) -> Path:
    """The seed plus three real papers rendered as plain drafts."""
    from pipeline.evaluate.jats_gold import render_draft

    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(seed_path, folder / seed_path.name)
    for name in ("elife-04796", "cstp-77", "ijm-00202"):
        draft = render_draft((shared_dir / "corpus-dev" / "jats" / f"{name}.xml").read_bytes())
        (folder / f"{name}.txt").write_text(draft.text, encoding="utf-8")
    return folder


def _run(corpus: Path, out: Path, *extra: str) -> int:
    return main(
        ["run", str(corpus), "--annotations", str(out / "ann"), "--outputs", str(out / "out"), "--quiet", *extra]
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


@pytest.fixture(scope="module")
def clean_run(small_corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    assert _run(small_corpus, out) == 0
    return out


def test_runner_second_run_is_served_from_cache(small_corpus, clean_run, capsys, monkeypatch):
    import pipeline.nlp

    def no_model(*_args, **_kwargs):
        raise AssertionError("a cached re-run must not load the spaCy model")

    monkeypatch.setattr(pipeline.nlp, "load_nlp", no_model)
    capsys.readouterr()
    assert _run(small_corpus, clean_run) == 0
    assert "4 from cache" in capsys.readouterr().out


def test_runner_source_change_invalidates_only_that_document(small_corpus, clean_run, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(small_corpus, corpus)
    out = tmp_path / "out"
    shutil.copytree(clean_run, out)
    seed = corpus / "csto-perspectives.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("fazed", "phased"), encoding="utf-8")
    capsys.readouterr()
    assert _run(corpus, out) == 0
    assert "3 from cache" in capsys.readouterr().out
    assert b"phased" in (out / "ann" / "csto-perspectives.json").read_bytes()


def test_runner_jobs_two_gives_identical_outputs(small_corpus, clean_run, tmp_path):
    out = tmp_path / "parallel"
    assert _run(small_corpus, out, "--jobs", "2", "--force") == 0
    assert _files(out / "ann") == _files(clean_run / "ann")


def test_runner_kill_nine_then_rerun_matches_clean_run(small_corpus, clean_run, tmp_path):
    out = tmp_path / "killed"
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        str(small_corpus),
        "--annotations",
        str(out / "ann"),
        "--outputs",
        str(out / "out"),
        "--quiet",
        "--force",
    ]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list((out / "ann").glob("*.json")) and process.poll() is None:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _processes_naming(out) == []  # the cite helper it forked does not outlive it
    assert _run(small_corpus, out) == 0
    assert _files(out / "ann") == _files(clean_run / "ann")
    assert not [p for p in out.rglob("*.tmp")]


def _processes_naming(path: Path, wait: float = 30.0) -> list[int]:
    """Pids of live processes whose command line names ``path``, after waiting up to ``wait`` s for them to end."""
    deadline = time.monotonic() + wait
    while True:
        alive = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if str(path).encode() in cmdline.read_bytes():
                    alive.append(int(cmdline.parent.name))
            except OSError:
                continue  # ended while we looked
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def test_runner_removes_temporaries_left_by_a_killed_write(small_corpus, clean_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(clean_run, out)
    left = [out / "ann" / ".csto-perspectives.json.k2j4.tmp", out / "out" / "cache" / "annotate" / ".abc.json.x1.tmp"]
    for path in left:
        path.write_text("{", encoding="utf-8")
        os.utime(path, (time.time() - 60, time.time() - 60))
    assert _run(small_corpus, out) == 0
    assert not [p for p in out.rglob("*.tmp")]
    assert _files(out / "ann") == _files(clean_run / "ann")


def test_runner_cite_key_changes_when_the_second_opinion_is_not_installed(seed_path, monkeypatch):
    """Without the encoder the CRF decides alone and may read fields differently: its cached results must not be
    served to a run that has the second opinion, nor the other way round."""
    import pipeline.cite.fieldtagger as fieldtagger
    from pipeline.runner import cite_key

    with_opinion = cite_key(seed_path)
    monkeypatch.setattr(fieldtagger, "encoder_dir", lambda: None)
    assert fieldtagger.second_opinion_identity() == "crf"
    assert cite_key(seed_path) != with_opinion


def _process(drafts: list[Path], out: Path):
    from pipeline.config import Config
    from pipeline.runner import process_all

    return process_all(drafts, config=Config(), annotations_dir=out / "ann", outputs_dir=out / "out", force=True)


def _record_cite_pids(monkeypatch, log: Path) -> None:
    """Append the process id of every cite stage run to ``log`` (the forked helper inherits the patch)."""
    import pipeline.runner as runner

    original = runner.cite_stage

    def recording(*args, **kwargs):
        with log.open("a") as pids:
            pids.write(f"{os.getpid()}\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(runner, "cite_stage", recording)


def test_runner_helper_cites_the_first_draft_while_the_model_loads(small_corpus, clean_run, tmp_path, monkeypatch):
    """With the helper, the first draft is cited in another process and every output is the same as a plain run."""
    import pipeline.runner as runner

    monkeypatch.setattr(runner, "_helper_worthwhile", lambda model: True)
    log = tmp_path / "pids"
    _record_cite_pids(monkeypatch, log)
    drafts = sorted(p for p in small_corpus.iterdir() if p.suffix == ".txt")
    results = _process(drafts, tmp_path)
    pids = [int(line) for line in log.read_text().split()]
    assert pids[0] != os.getpid() and pids[1:] == [os.getpid()] * (len(drafts) - 1)
    assert [r.error for r in results] == [None] * len(drafts)
    assert _files(tmp_path / "ann") == _files(clean_run / "ann")


def _die(*_args) -> None:
    os._exit(3)


def test_runner_helper_failure_is_reported_as_without_it(seed_path, tmp_path, monkeypatch):
    """A draft the helper cannot read is read again here and reported with its own message; a helper that dies
    changes nothing either."""
    import pipeline.runner as runner

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really a PDF")
    plain = _process([broken, seed_path], tmp_path / "plain")
    monkeypatch.setattr(runner, "_helper_worthwhile", lambda model: True)
    helped = _process([broken, seed_path], tmp_path / "helped")
    assert plain[0].error and helped[0].error == plain[0].error
    assert helped[1].annotation == plain[1].annotation
    monkeypatch.setattr(runner, "_cite_in_helper", _die)
    killed = _process([seed_path], tmp_path / "killed")
    assert killed[0].annotation == plain[1].annotation


@pytest.mark.parametrize(("cores", "method", "loaded", "expected"), [
    (2, "fork", False, True),
    (1, "fork", False, False),
    (2, "spawn", False, False),
    (2, "fork", True, False),
])
def test_runner_helper_only_before_the_model_with_two_cores_and_fork(monkeypatch, cores, method, loaded, expected):
    import pipeline.nlp as nlp
    import pipeline.runner as runner

    monkeypatch.setattr(runner.os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    monkeypatch.setattr(runner.multiprocessing, "get_start_method", lambda: method)
    monkeypatch.setattr(nlp, "_LOADED", {"some_model"} if loaded else set())
    assert runner._helper_worthwhile("some_model") is expected
