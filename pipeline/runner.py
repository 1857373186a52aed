"""The stage graph and its content-hash cache.

``process_draft`` runs extract -> cite -> annotate for one draft. Each cached step is keyed by the hash of its
inputs, the configuration it depends on and the code version — never by whether an output file exists — so an
unchanged re-run loads no spaCy model and an interrupted run simply recomputes what it had not finished.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
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
    """Hash of the package's own source: a code change invalidates every cache entry."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".json"} and "__pycache__" not in path.parts:
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


def cite_stage(draft: Path, cache: Cache) -> tuple[Annotation, str]:
    """extract + cite, cached on the draft's bytes (and its .bib) and the code version."""
    from pipeline.corpus.annotation_file import annotation_from_json, annotation_to_json

    source = draft.read_bytes() if draft.is_file() else b""
    bib = _bib_path(draft)
    key = _key(CACHE_FORMAT, code_version(), draft.name, source, bib.read_bytes() if bib.is_file() else b"")
    cached = cache.get("cite", key)
    if cached is not None:
        return annotation_from_json(cached, path=str(draft)), key
    document = extract_document(draft)
    references = _references(document, bib)
    from pipeline.cite import cite_document

    annotation = Annotation(document=document, references=references, citations=cite_document(document, references))
    cache.put("cite", key, annotation_to_json(annotation))
    return annotation, key


def _references(document, bib: Path):
    from pipeline.cite.references import parse_references

    references = parse_references(document)
    if references or not bib.is_file():
        return references
    from pipeline.cite.bibtex import read_bibtex

    bib_references, _problems = read_bibtex(bib)
    return tuple(bib_references)


def annotate_stage(cited: Annotation, cite_key: str, config: Config, cache: Cache) -> tuple[Annotation, bool]:
    """Entities, clusters and dates on top of the cite result; cached on its key, model and aliases."""
    from pipeline.corpus.annotation_file import annotation_from_json, annotation_to_json

    aliases = alias_map(config)
    draft_year = config.check.draft_date.year if config.check.draft_date else None
    key = _key(cite_key, config.model, json.dumps(sorted(aliases.items())), str(draft_year or ""))
    cached = cache.get("annotate", key)
    if cached is not None:
        return annotation_from_json(cached, path=cited.document.source), True
    from pipeline.annotate import annotate_entities
    from pipeline.annotate.dates import find_dates
    from pipeline.nlp import load_nlp

    nlp = load_nlp(config.model)
    entities, clusters = annotate_entities(cited.document, cited.citations, nlp=nlp, aliases=aliases)
    dates = find_dates(cited.document, cited.citations, reference_year=draft_year)
    annotation = replace(cited, entities=tuple(entities), clusters=tuple(clusters), dates=tuple(dates))
    cache.put("annotate", key, annotation_to_json(annotation))
    return annotation, False


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
) -> DraftResult:
    """Run every stage for one draft and write its annotation (with curations applied)."""
    doc_id = slugify(draft.name)
    cache = Cache(outputs_dir / "cache", enabled=not force)
    try:
        cited, cite_key = cite_stage(draft, cache)
        annotation, cached = annotate_stage(cited, cite_key, config, cache)
        annotation, orphaned = _apply_curations(annotation, annotations_dir)
        if write:
            from pipeline.corpus.annotation_file import write_annotation

            write_annotation(safe_child(annotations_dir, f"{doc_id}.json"), annotation)
    except AnnociteError as error:
        return DraftResult(str(draft), doc_id, error=str(error))
    except (OSError, RecursionError, MemoryError, ValueError) as error:
        return DraftResult(str(draft), doc_id, error=f"{draft}: [E199] internal error while reading: {error!r}")
    return DraftResult(str(draft), doc_id, annotation=annotation, cached=cached, orphaned=orphaned)


def _apply_curations(annotation: Annotation, annotations_dir: Path) -> tuple[Annotation, tuple[str, ...]]:
    from pipeline.corpus.curations import CurationStatus, apply_curations, load_curations

    path = safe_child(annotations_dir, f"{annotation.document.id}.curations.json")
    if not path.is_file():
        return annotation, ()
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
    """Process drafts (in parallel with ``jobs`` > 1); results in the order of ``drafts``."""
    options = dict(config=config, annotations_dir=annotations_dir, outputs_dir=outputs_dir, force=force, write=write)
    _check_unique_ids(drafts)
    results: list[DraftResult] = []
    if jobs <= 1 or len(drafts) <= 1:
        for draft in drafts:
            results.append(process_draft(draft, **options))
            if on_done:
                on_done(results[-1])
        return results
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(process_draft, draft, **options) for draft in drafts]
        for future in futures:
            results.append(future.result())
            if on_done:
                on_done(results[-1])
    return results


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
