"""One function per sub-command: parse nothing, print results, return the exit code."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from pipeline.config import Config, load_config
from pipeline.errors import AnnociteError, UsageError
from pipeline.fileio import atomic_write_text, safe_child
from pipeline.model import Severity
from pipeline.runner import DraftResult, find_drafts, process_all

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
NEVER = "never"  # --fail-level never: report, but always exit 0


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _config(args: argparse.Namespace) -> Config:
    return load_config(args.config if getattr(args, "config", None) else Path.cwd())


@contextmanager
def _progress(total: int, *, quiet: bool, label: str) -> Iterator[Callable[[DraftResult], None]]:
    """A progress bar on stderr for batches (only on a terminal, never in captured output)."""
    if quiet or total < 2 or not sys.stderr.isatty():
        yield lambda result: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
    ) as progress:
        task = progress.add_task(label, total=total)

        def advance(result: DraftResult) -> None:
            progress.update(task, advance=1, description=f"{label} {result.doc_id}")

        yield advance


def _drafts(args: argparse.Namespace) -> tuple[list[Path], list[str]]:
    drafts, problems = find_drafts(args.paths)
    for problem in problems:
        _err(problem)
    return drafts, problems


def _note_without_second_opinion() -> None:
    """Say so when titles and containers are read less well than they could be: the encoder is not a declared
    dependency (its package would pull in torch), so a plain ``pip install annocite`` runs without it."""
    from pipeline.cite.fieldtagger import second_opinion_missing

    if (reason := second_opinion_missing()) is not None:
        _err(f"note: reference titles and containers are read by the CRF alone, without its second opinion: {reason}")


def _process(args: argparse.Namespace, *, write: bool = True) -> tuple[list[DraftResult], bool]:
    """Run the pipeline over the named drafts; returns results and whether any input failed."""
    drafts, problems = _drafts(args)
    _note_without_second_opinion()
    config = _config(args)
    with _progress(len(drafts), quiet=args.quiet, label="annotating") as advance:
        results = process_all(
            drafts,
            config=config,
            annotations_dir=args.annotations,
            outputs_dir=args.outputs,
            force=getattr(args, "force", False),
            write=write,
            jobs=getattr(args, "jobs", 1),
            on_done=advance,
        )
    failed = bool(problems)
    for result in results:
        if result.error:
            _err(result.error)
            failed = True
        for orphan in result.orphaned:
            _err(f"warning: orphaned curation: {orphan}")
    return results, failed


def run_extract(args: argparse.Namespace) -> int:
    from pipeline.corpus.annotation_file import annotation_to_json
    from pipeline.extract import extract_document
    from pipeline.model import Annotation

    drafts, problems = _drafts(args)
    failed = bool(problems)
    for draft in drafts:
        try:
            document = extract_document(draft)
        except AnnociteError as error:
            _err(str(error))
            failed = True
            continue
        if args.format == "text":
            print(document.text)
            continue
        target = safe_child(args.outputs / "extract", f"{document.id}.json")
        atomic_write_text(target, annotation_to_json(Annotation(document=document)))
        print(
            f"{draft}: {len(document.paragraphs)} paragraphs, {len(document.footnotes)} footnotes, "
            f"{len(document.reference_entries)} references -> {target}"
        )
    return EXIT_INPUT if failed else EXIT_OK


def run_cite(args: argparse.Namespace) -> int:
    from pipeline.runner import Cache, cite_stage

    drafts, problems = _drafts(args)
    _note_without_second_opinion()
    failed = bool(problems)
    cache = Cache(args.outputs / "cache")
    for draft in drafts:
        try:
            annotation, _key = cite_stage(draft, cache)
        except AnnociteError as error:
            _err(str(error))
            failed = True
            continue
        if args.bibtex:
            from pipeline.cite.bibtex import write_bibtex

            print(write_bibtex(annotation.references), end="")
            continue
        statuses: dict[str, int] = {}
        for citation in annotation.citations:
            for item in citation.items:
                statuses[item.status.value] = statuses.get(item.status.value, 0) + 1
        summary = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
        print(
            f"{draft}: {len(annotation.references)} references, {len(annotation.citations)} citations "
            f"({summary or 'none'})"
        )
    return EXIT_INPUT if failed else EXIT_OK


def run_annotate(args: argparse.Namespace) -> int:
    results, failed = _process(args)
    for result in results:
        if result.annotation is None:
            continue
        a = result.annotation
        print(
            f"{result.path}: {len(a.references)} references, {len(a.citations)} citations, "
            f"{len(a.entities)} entities in {len(a.clusters)} clusters, {len(a.dates)} dates"
            f"{' (cached)' if result.cached else ''}"
        )
        for export in args.export:
            from pipeline.corpus import exports

            target = exports.write_export(a, export, args.outputs / "exports")
            print(f"  -> {target}")
    return EXIT_INPUT if failed else EXIT_OK


def run_run(args: argparse.Namespace) -> int:
    results, failed = _process(args)
    done = [r for r in results if r.annotation is not None]
    cached = sum(r.cached for r in done)
    print(
        f"{len(done)} of {len(results)} documents annotated ({cached} from cache), "
        f"{len(results) - len(done)} failed -> {args.annotations}"
    )
    return EXIT_INPUT if failed else EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from pipeline.check.baseline import filter_new, write_baseline
    from pipeline.check.registry import run_checks
    from pipeline.report import exit_code, render

    config = _config(args)
    config = _override(config, args)
    results, failed = _process(args)
    findings = []
    annotations = {}
    for result in results:
        if result.annotation is None:
            continue
        annotations[result.doc_id] = result.annotation
        curations = safe_child(args.annotations, f"{result.doc_id}.curations.json")
        accepted = _accepted(curations) if curations.is_file() else set()
        findings.extend(run_checks(result.annotation, config.check, accepted=accepted))
    if args.write_baseline:
        write_baseline(args.write_baseline, findings)
    if args.baseline:
        findings = filter_new(findings, args.baseline)
    report = render(findings, format="terminal" if args.format == "text" else args.format, annotations=annotations)
    if args.output:
        atomic_write_text(args.output, report)
        _err(f"report written to {args.output}")
    else:
        print(report, end="" if report.endswith("\n") else "\n")
    if failed:
        return EXIT_INPUT
    if config.check.fail_level == NEVER:
        return EXIT_OK
    return exit_code(findings, config.check.fail_level)


def _accepted(curations: Path) -> set[str]:
    from pipeline.corpus.curations import accepted_fingerprints, load_curations

    return accepted_fingerprints(load_curations(curations))


def _override(config: Config, args: argparse.Namespace) -> Config:
    check = config.check
    if args.fail_level:
        check = replace(check, fail_level=NEVER if args.fail_level == "never" else Severity(args.fail_level))
    if args.select:
        check = replace(check, select=tuple(s.strip() for s in args.select.split(",") if s.strip()))
    if args.ignore:
        check = replace(check, ignore=tuple(s.strip() for s in args.ignore.split(",") if s.strip()))
    return replace(config, check=check)


def run_validate(args: argparse.Namespace) -> int:
    from pipeline.corpus.validate import validate_annotation_file, validate_corpus

    problems = []
    for path in args.paths:
        if path.is_dir():
            problems.extend(validate_corpus(path, sources_dir=args.sources))
        elif path.is_file():
            problems.extend(validate_annotation_file(path, sources_dir=args.sources))
        else:
            _err(f"{path}: [E109] no such file or directory")
            return EXIT_INPUT
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}")
    return EXIT_FINDINGS if problems else EXIT_OK


def run_explain(args: argparse.Namespace) -> int:
    from pipeline.check.registry import all_rules, explain

    if not args.code:
        for rule in all_rules():
            print(f"{rule.code}  {rule.name:<36} {rule.severity.value}")
        return EXIT_OK
    try:
        print(explain(args.code.upper()))
    except KeyError:
        raise UsageError(None, f"no rule {args.code!r}", "run `annocite explain` for the list") from None
    return EXIT_OK


def run_eval(args: argparse.Namespace) -> int:
    if args.what == "links":
        from pipeline.evaluate.links import evaluate_links, format_link_scores

        print(format_link_scores(evaluate_links(args.directory)))
    elif args.what == "refstrings":
        from pipeline.evaluate.refstrings import format_refstring_scores, score_refstrings, training_note

        if args.also and args.folds < 2:
            _err("--also adds training strings, so it needs --folds K (K >= 2)")
            return EXIT_INPUT

        scores = score_refstrings(args.directory, folds=args.folds, rules_only=args.rules_only, also=args.also,
                                  progress=_print_step, second_opinion=not args.crf_only)
        print(format_refstring_scores(scores))
        note = "" if args.folds >= 2 or args.rules_only else training_note(args.directory)
        if note:
            print(note)
    elif args.what == "precision":
        from pipeline.evaluate.precision import evaluate_precision, format_precision

        print(format_precision(evaluate_precision(args.directory)))
    else:
        from pipeline.evaluate.defects import evaluate_defects, format_defects

        seed = Path("sources") / "csto-perspectives.txt"
        print(format_defects(evaluate_defects(args.directory, seed_paper=seed if seed.is_file() else None)))
    return EXIT_OK


def run_train(args: argparse.Namespace) -> int:
    from pipeline.cite.fieldtagger import HEAD_PATH
    from pipeline.cite.fieldtagger.tagger import MODEL_PATH
    from pipeline.evaluate.refstring_gold import train_on

    output = args.output or MODEL_PATH
    head = None if args.crf_only else HEAD_PATH if args.output is None else output.with_name(f"{output.stem}-head.npz")
    count = train_on(args.directory, output, also=args.also, head=head, progress=_print_step)
    print(f"trained the reference field tagger on {count} strings -> {output}" + (f" and {head}" if head else ""))
    return EXIT_OK


def _print_step(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_graph(args: argparse.Namespace) -> int:
    from pipeline.graph import cli as graph_cli

    return graph_cli.run(args, process=lambda paths: _graph_annotations(args, paths))


def _graph_annotations(args: argparse.Namespace, paths: Sequence[Path]) -> tuple[list, bool]:
    args.paths = list(paths)
    results, failed = _process(args)
    return [r.annotation for r in results if r.annotation is not None], failed


def dump_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
