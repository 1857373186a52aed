"""The ``annocite`` command line: the only place that prints results and exits.

Exit codes: 0 ran and nothing at or above the fail level; 1 findings at or above the fail level (or, for
``validate``, problems); 2 bad usage or an input that could not be read (other inputs are still processed).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import AnnociteError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
GRAPH_QUERIES = ("neighbors", "top", "path", "evidence", "stats")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--annotations", type=Path, default=Path("annotations"), help="annotation folder")
    parser.add_argument("--outputs", type=Path, default=Path("outputs"), help="folder for generated files")
    parser.add_argument("--config", type=Path, default=None, help="annocite.toml or pyproject.toml to use")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="annocite", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    extract = sub.add_parser("extract", help="extract text, sections, footnotes and the reference list")
    extract.add_argument("paths", nargs="+", type=Path)
    extract.add_argument("--format", choices=("json", "text"), default="json")
    _common(extract)

    cite = sub.add_parser("cite", help="parse references and link in-text citations")
    cite.add_argument("paths", nargs="+", type=Path)
    cite.add_argument("--bibtex", action="store_true", help="print the parsed reference list as BibTeX")
    _common(cite)

    for name, text in (
        ("annotate", "run every stage and write annotations/<doc-id>.json"),
        ("run", "the batch runner: every stage over every draft, cached"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("paths", nargs="+", type=Path)
        command.add_argument("--jobs", type=int, default=1, help="documents processed in parallel")
        command.add_argument("--force", action="store_true", help="ignore the cache")
        if name == "annotate":
            command.add_argument(
                "--export",
                choices=("spacy", "jsonl"),
                action="append",
                default=[],
                help="also write a spaCy DocBin or JSONL export under outputs/",
            )
        _common(command)

    check = sub.add_parser("check", help="run the rule catalogue and report findings")
    check.add_argument("paths", nargs="+", type=Path)
    check.add_argument(
        "--format", default="terminal", choices=("terminal", "text", "json", "sarif", "junit", "github", "html")
    )
    check.add_argument("--output", type=Path, default=None, help="write the report to FILE")
    check.add_argument("--fail-level", choices=("error", "warning", "info", "never"), default=None)
    check.add_argument("--select", default=None, help="comma-separated codes or prefixes to run")
    check.add_argument("--ignore", default=None, help="comma-separated codes or prefixes to skip")
    check.add_argument("--baseline", type=Path, default=None, help="report only findings not in this baseline")
    check.add_argument("--write-baseline", type=Path, default=None, help="record current findings as baseline")
    check.add_argument("--jobs", type=int, default=1)
    check.add_argument("--force", action="store_true")
    _common(check)

    validate = sub.add_parser("validate", help="validate the annotated corpus (for CI)")
    validate.add_argument("paths", nargs="*", type=Path, default=[Path("annotations")])
    validate.add_argument("--sources", type=Path, default=Path("sources"))

    graph = sub.add_parser("graph", help="build, export or query the citation and entity graph")
    graph.add_argument("args", nargs="*", help=f"drafts/annotation folders, or a query: {', '.join(GRAPH_QUERIES)}")
    graph.add_argument("--format", default="all")
    graph.add_argument("--by", default="degree", choices=("degree", "pagerank", "betweenness"))
    graph.add_argument("--type", default=None)
    graph.add_argument("--limit", type=int, default=10)
    _common(graph)

    explain = sub.add_parser("explain", help="explain a rule: annocite explain CIT001")
    explain.add_argument("code", nargs="?")

    evaluate = sub.add_parser("eval", help="measure accuracy against gold")
    evaluate.add_argument("what", choices=("links", "refstrings", "precision", "defects"))
    evaluate.add_argument("directory", type=Path)
    evaluate.add_argument("--folds", type=int, default=0,
                          help="refstrings: k-fold cross-validation of the field tagger (held-out accuracy)")
    evaluate.add_argument("--rules-only", action="store_true",
                          help="refstrings: score the rule parser without the field tagger (the baseline)")
    evaluate.add_argument("--also", type=Path, default=None, metavar="DIR",
                          help="refstrings --folds: also train every fold on the tagged strings in DIR")
    evaluate.add_argument("--crf-only", action="store_true",
                          help="refstrings --folds: train and use the CRF alone, without the second-opinion head")

    train = sub.add_parser("train", help="train the reference field tagger on tagged reference strings")
    train.add_argument("what", choices=("refstrings",))
    train.add_argument("directory", type=Path)
    train.add_argument("--output", type=Path, default=None, help="model path (default: the shipped model)")
    train.add_argument("--also", type=Path, default=None, metavar="DIR",
                       help="further tagged strings to train on (strings also in DIRECTORY are left out)")
    train.add_argument("--crf-only", action="store_true",
                       help="train the CRF alone, not the second-opinion head (which needs torch: annocite[train])")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _one_blas_thread()
    from pipeline import commands

    handler = getattr(commands, f"run_{args.command}")
    try:
        return handler(args)
    except AnnociteError as error:
        print(f"annocite: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("annocite: interrupted; nothing half-written (re-run to resume)", file=sys.stderr)
        return 130


def _one_blas_thread() -> None:
    """One BLAS thread per process: work is spread over processes (--jobs, the folds of eval), and the reference
    encoder's products are small, so a second thread gains little alone and, on busy cores, makes them many times
    slower (its threads spin waiting for each other). numpy reads these when it loads (nothing has imported it
    yet); a value the user set is kept. Training sets torch's own thread count."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


if __name__ == "__main__":
    sys.exit(main())
