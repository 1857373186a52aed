"""The stage graph and its content-hash cache.

``process_draft`` runs extract -> cite -> annotate for one draft; ``process_all`` runs drafts in this process (the
first one's extract and cite in a forked helper while the spaCy model loads) or, with ``jobs`` > 1, in a pool of
processes that each load the model once. Each cached step is keyed by the hash of its inputs, the configuration it
depends on and the code version — never by whether an output file exists — so an unchanged re-run loads no spaCy
model and an interrupted run simply recomputes what it had not finished.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import lru_cache
from multiprocessing.connection import Connection
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import AnnociteError, InputError, UsageError
from pipeline.extract import extract_document, is_draft
from pipeline.fileio import atomic_write_text, safe_child, slugify
from pipeline.model import Annotation

CACHE_FORMAT = "1"


@dataclass(frozen=True)
class DraftResult:
    """What happened to one draft: its annotation, or the error that stopped it."""

    path: str
    doc_id: str
    annotation: Annotation | None = None
    error: str | None = None
    cached: bool = False
    orphaned: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the package's own source: a code change invalidates every cache entry. The second-opinion head
    (.npz) is covered by its model card, which holds its digest; hashing 11 MB on every run would cost more."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".json", ".crfsuite"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def find_drafts(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """Draft files named or contained (non-recursively sorted) in ``paths``, and problems found on the way."""
    drafts: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and is_draft(p))
            if not found:
                problems.append(f"{path}: [E108] no drafts found (.pdf, .txt, .md, .xml)")
            drafts.extend(found)
        elif path.exists():
            drafts.append(path)
        else:
            problems.append(f"{path}: [E109] no such file or directory")
    return drafts, problems


def _key(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def _bib_path(draft: Path) -> Path:
    return draft.with_suffix(".bib")


class Cache:
    """Stage results stored under ``outputs/cache/<stage>/<key>.json`` (written atomically)."""

    def __init__(self, directory: Path, *, enabled: bool = True) -> None:
        self.directory = directory
        self.enabled = enabled

    def get(self, stage: str, key: str) -> str | None:
        path = self.directory / stage / f"{key}.json"
        if not self.enabled or not path.is_file():
            return None
        return path.read_text(encoding="utf-8")

    def put(self, stage: str, key: str, text: str) -> None:
        atomic_write_text(self.directory / stage / f"{key}.json", text)


def cite_key(draft: Path) -> str:
    """The cite stage's cache key: the draft's name and bytes, its .bib, the code version and whether the reference
    field tagger has its second opinion (the encoder is a separately installed package)."""
    from pipeline.cite.fieldtagger import second_opinion_identity

    source = draft.read_bytes() if draft.is_file() else b""
    bib = _bib_path(draft)
    return _key(CACHE_FORMAT, code_version(), second_opinion_identity(), draft.name, source,
                bib.read_bytes() if bib.is_file() else b"")


def annotate_key(cite: str, config: Config) -> str:
    """The annotate stage's cache key: the cite key, the model, the aliases and the draft year."""
    draft_year = config.check.draft_date.year if config.check.draft_date else None
    return _key(cite, config.model, json.dumps(sorted(alias_map(config).items())), str(draft_year or ""))


def _from_cache(text: str, draft: Path) -> Annotation | None:
    """A cache entry as an annotation, or None if it cannot be read (then the stage is simply recomputed).

    No schema validation: the runner wrote these entries itself (atomically), and validating is slower than
    recomputing the cite stage.
    """
    from pipeline.corpus.annotation_file import annotation_from_data

    try:
        return annotation_from_data(json.loads(text), path=str(draft))
    except (AnnociteError, KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None


def cite_stage(draft: Path, cache: Cache, key: str | None = None) -> tuple[Annotation, str]:
    """extract + cite, cached on the draft's bytes (and its .bib) and the code version."""
    from pipeline.corpus.annotation_file import annotation_to_data

    key = key or cite_key(draft)
    cached = cache.get("cite", key)
    if cached is not None and (annotation := _from_cache(cached, draft)) is not None:
        return annotation, key
    document = extract_document(draft)
    references = _references(document, _bib_path(draft))
    from pipeline.cite import cite_document

    annotation = Annotation(document=document, references=references, citations=cite_document(document, references))
    # Compact JSON (the C encoder): this entry is only read back by the runner, never by a person.
    cache.put("cite", key, json.dumps(annotation_to_data(annotation), ensure_ascii=False, sort_keys=True))
    return annotation, key


def _references(document, bib: Path):
    from pipeline.cite.references import parse_references

    references = parse_references(document)
    if references or not bib.is_file():
        return references
    from pipeline.cite.bibtex import read_bibtex

    bib_references, _problems = read_bibtex(bib)
    return tuple(bib_references)


def annotate_stage(cited: Annotation, cite: str, config: Config, cache: Cache) -> tuple[Annotation, bool]:
    """Entities, clusters and dates on top of the cite result; cached on its key, model and aliases."""
    annotation, _text, cached = _annotate(cited, annotate_key(cite, config), config, cache)
    return annotation, cached


def _annotate(cited: Annotation, key: str, config: Config, cache: Cache) -> tuple[Annotation, str, bool]:
    """The annotate stage and its annotation file text (the cache entry is exactly that text)."""
    from pipeline.corpus.annotation_file import annotation_to_json

    text = cache.get("annotate", key)
    if text is not None and (annotation := _from_cache(text, Path(cited.document.source))) is not None:
        return annotation, text, True
    from pipeline.annotate import annotate_entities
    from pipeline.annotate.dates import find_dates
    from pipeline.nlp import load_nlp

    draft_year = config.check.draft_date.year if config.check.draft_date else None
    nlp = load_nlp(config.model)
    entities, clusters = annotate_entities(cited.document, cited.citations, nlp=nlp, aliases=alias_map(config))
    dates = find_dates(cited.document, cited.citations, reference_year=draft_year)
    annotation = replace(cited, entities=tuple(entities), clusters=tuple(clusters), dates=tuple(dates))
    text = annotation_to_json(annotation)
    cache.put("annotate", key, text)
    return annotation, text, False


def _annotated(draft: Path, config: Config, cache: Cache, cited: Annotation | None = None
               ) -> tuple[Annotation, str, bool]:
    """Every stage for ``draft``; a fresh annotate entry is used without extracting or reading the cite entry."""
    cite = cite_key(draft)
    key = annotate_key(cite, config)
    text = cache.get("annotate", key)
    if text is not None and (annotation := _from_cache(text, draft)) is not None:
        return annotation, text, True
    if cited is None:
        cited, _cite = cite_stage(draft, cache, cite)
    return _annotate(cited, key, config, cache)


def is_cached(draft: Path, *, config: Config, outputs_dir: Path) -> bool:
    """Has the annotate stage a cache entry for this draft's current content (so no model is needed)?"""
    try:
        key = annotate_key(cite_key(draft), config)
    except OSError:
        return False
    return (outputs_dir / "cache" / "annotate" / f"{key}.json").is_file()


def alias_map(config: Config) -> dict[str, str]:
    """Configured aliases as other name -> canonical name."""
    return {other: canonical for canonical, others in config.check.aliases.items() for other in others}


def process_draft(
    draft: Path,
    *,
    config: Config,
    annotations_dir: Path,
    outputs_dir: Path,
    force: bool = False,
    write: bool = True,
    cited: Annotation | None = None,
) -> DraftResult:
    """Run every stage for one draft and write its annotation (with curations applied). ``cited`` is the draft's
    cite stage if it was already run (by a helper process)."""
    doc_id = slugify(draft.name)
    cache = Cache(outputs_dir / "cache", enabled=not force)
    try:
        annotation, text, cached = _annotated(draft, config, cache, cited)
        curated, orphaned = _apply_curations(annotation, annotations_dir)
        if write:
            target = safe_child(annotations_dir, f"{doc_id}.json")
            if curated is annotation:  # the file's text is the cache entry's: no second serialisation
                _write_if_changed(target, text)
            else:
                from pipeline.corpus.annotation_file import write_annotation

                write_annotation(target, curated)
    except AnnociteError as error:
        return DraftResult(str(draft), doc_id, error=str(error))
    except (OSError, RecursionError, MemoryError, ValueError) as error:
        return DraftResult(str(draft), doc_id, error=f"{draft}: [E199] internal error while reading: {error!r}")
    return DraftResult(str(draft), doc_id, annotation=curated, cached=cached, orphaned=orphaned)


def _write_if_changed(path: Path, text: str) -> None:
    """Write atomically unless the file already holds ``text`` (its mtime then stays put)."""
    try:
        if path.read_bytes() == text.encode("utf-8"):
            return
    except OSError:
        pass  # absent or unreadable: write it
    atomic_write_text(path, text)


def _apply_curations(annotation: Annotation, annotations_dir: Path) -> tuple[Annotation, tuple[str, ...]]:
    path = safe_child(annotations_dir, f"{annotation.document.id}.curations.json")
    if not path.is_file():
        return annotation, ()
    from pipeline.corpus.curations import CurationStatus, apply_curations, load_curations

    curated, results = apply_curations(annotation, load_curations(path))
    orphaned = tuple(f"{path}: {r.describe()}" for r in results if r.status == CurationStatus.ORPHANED)
    return curated, orphaned


def process_all(
    drafts: Sequence[Path],
    *,
    config: Config,
    annotations_dir: Path,
    outputs_dir: Path,
    force: bool = False,
    write: bool = True,
    jobs: int = 1,
    on_done: Callable[[DraftResult], None] | None = None,
) -> list[DraftResult]:
    """Process drafts (in parallel with ``jobs`` > 1); results in the order of ``drafts``.

    Drafts served from the cache are done in this process; only those that need the model go to the pool,
    largest first (so no worker is left with one big paper at the end), and each worker loads the model once.
    """
    options = dict(config=config, annotations_dir=annotations_dir, outputs_dir=outputs_dir, force=force, write=write)
    _check_unique_ids(drafts)
    if write:
        remove_stale_temporaries([annotations_dir, *(outputs_dir / "cache").glob("*")])
    results: dict[int, DraftResult] = {}

    def finish(index: int, result: DraftResult) -> None:
        results[index] = result
        if on_done:
            on_done(result)

    pending = list(range(len(drafts)))
    if jobs > 1 and not force:
        pending = [i for i in pending if not is_cached(drafts[i], config=config, outputs_dir=outputs_dir)]
    workers = min(jobs, len(pending))
    if workers <= 1:
        pending = []
    _run_here(drafts, sorted(set(range(len(drafts))) - set(pending)), options, finish)
    if pending:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        pending.sort(key=lambda i: (-_size(drafts[i]), i))
        if multiprocessing.get_start_method() == "fork":
            _load_model(config.model)  # forked workers share it: one load in all instead of one per worker
        with ProcessPoolExecutor(max_workers=workers, initializer=_load_model, initargs=(config.model,)) as pool:
            futures = {pool.submit(process_draft, drafts[i], **options): i for i in pending}
            for future in as_completed(futures):
                finish(futures[future], future.result())
    return [results[i] for i in range(len(drafts))]


def _run_here(drafts: Sequence[Path], indices: list[int], options: dict, finish: Callable[[int, DraftResult], None]
              ) -> None:
    """Process ``drafts[i]`` for each index in this process. If the spaCy model is still to be loaded, the first
    draft that needs it is extracted and cited in a helper process meanwhile: those are the two slow starts of a
    run, and a thread could not overlap them (both hold the interpreter lock)."""
    config, outputs_dir, force = options["config"], options["outputs_dir"], options["force"]
    first = next((i for i in indices if force or not is_cached(drafts[i], config=config, outputs_dir=outputs_dir)),
                 None)
    cited = None
    if first is not None and _helper_worthwhile(config.model):
        cited = _cite_ahead(drafts[first], outputs_dir, force)
        _load_model(config.model)
    for index in indices:
        ahead = cited() if cited is not None and index == first else None
        finish(index, process_draft(drafts[index], **options, cited=ahead))


def _helper_worthwhile(model: str) -> bool:
    """A helper process pays off only before the model is loaded, with a second core, and where it can be forked
    (a spawned helper would re-import the package first)."""
    from pipeline.nlp import is_loaded

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores > 1 and multiprocessing.get_start_method() == "fork" and not is_loaded(model)


def _cite_ahead(draft: Path, outputs_dir: Path, force: bool) -> Callable[[], Annotation | None]:
    """Start the cite stage of ``draft`` in a forked, one-shot helper; the returned call waits for its annotation,
    or gives None when the helper failed or died: this process then runs the stage itself, so a bad draft is
    reported exactly as without the helper."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    helper = context.Process(target=_cite_in_helper, args=(draft, outputs_dir, force, receive, send), daemon=True)
    helper.start()
    send.close()

    def result() -> Annotation | None:
        try:
            return receive.recv()
        except (EOFError, OSError):
            return None
        finally:
            receive.close()
            helper.join()

    return result


def _cite_in_helper(draft: Path, outputs_dir: Path, force: bool, receive: Connection, send: Connection) -> None:
    """The helper's whole life: cite, send, exit. It holds no reading end of the pipe, so if the main process is
    killed the send fails and the helper ends too, instead of waiting for work (as a pool worker would)."""
    receive.close()
    try:
        annotation = cite_stage(draft, Cache(outputs_dir / "cache", enabled=not force))[0]
    except Exception:  # noqa: BLE001 - reported by the main process, which runs the stage again
        annotation = None
    with suppress(OSError):
        send.send(annotation)


def remove_stale_temporaries(folders: Iterable[Path]) -> None:
    """Delete the ``.<name>.json.<random>.tmp`` files that a run killed mid-write (kill -9) left behind.

    Only files last written before this call: a live writer replaces its temporary file within milliseconds.
    """
    now = time.time()
    for folder in folders:
        for path in folder.glob(".*.json.*.tmp") if folder.is_dir() else ():
            with suppress(OSError):
                if path.stat().st_mtime < now:
                    path.unlink()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _load_model(model: str) -> None:
    """Pool initializer: load the model once per worker, before its first draft (a no-op if inherited)."""
    from pipeline.nlp import load_nlp

    with suppress(AnnociteError):  # reported per draft, with the draft's name, when the stage needs the model
        load_nlp(model)


def _check_unique_ids(drafts: Iterable[Path]) -> None:
    seen: dict[str, Path] = {}
    for draft in drafts:
        doc_id = slugify(draft.name)
        if doc_id in seen:
            raise UsageError(
                str(draft),
                f"its document id {doc_id!r} is the same as {seen[doc_id]}'s",
                "rename one of the two drafts",
            )
        seen[doc_id] = draft


__all__ = ["DraftResult", "InputError", "find_drafts", "process_all", "process_draft"]
