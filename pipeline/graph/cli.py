"""``annocite graph``: build and export graphs, or answer a query about them."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.fileio import safe_child
from pipeline.graph import export, query
from pipeline.graph.build import build_corpus_graph, build_document_graph
from pipeline.model import Annotation

QUERIES = ("neighbors", "top", "path", "evidence", "stats")
PICTURES = ("png", "svg")
ALL_FORMATS = export.FORMATS + ("html",)

Process = Callable[[Sequence[Path]], tuple[list[Annotation], bool]]


def load_annotations(directory: Path) -> list[Annotation]:
    """Every annotation file in ``directory`` (curation files excluded), sorted by name."""
    from pipeline.corpus.annotation_file import read_annotation

    files = sorted(p for p in directory.glob("*.json") if not p.name.endswith(".curations.json"))
    return [read_annotation(p) for p in files]


def run(args: argparse.Namespace, *, process: Process) -> int:
    words = list(args.args)
    if words and words[0] in QUERIES:
        return _query(words[0], words[1:], args)
    if words:
        annotations, failed = process([Path(w) for w in words])
    else:
        annotations, failed = load_annotations(args.annotations), False
    if not annotations:
        raise UsageError(str(args.annotations), "no annotations to build a graph from", "run `make annotate` first")
    formats = ALL_FORMATS if args.format == "all" else tuple(f.strip() for f in args.format.split(","))
    for written in write_outputs(annotations, args.outputs, formats=formats, limit=args.limit):
        print(f"wrote {written}")
    return 2 if failed else 0


def write_outputs(
    annotations: Sequence[Annotation], outputs: Path, *, formats: Sequence[str], limit: int = 30
) -> list[Path]:
    unknown = [f for f in formats if f not in ALL_FORMATS + PICTURES]
    if unknown:
        raise UsageError(None, f"unknown graph format {unknown[0]!r}", f"use {', '.join(ALL_FORMATS + PICTURES)}")
    corpus = build_corpus_graph(annotations)
    folder = outputs / "graph"
    written = []
    for fmt in formats:
        if fmt in export.FORMATS:
            written.append(export.write_graph(corpus, folder / f"corpus{export.suffix_for(fmt)}", format=fmt))
            for annotation in annotations:
                name = f"{annotation.document.id}{export.suffix_for(fmt)}"
                graph = build_document_graph(annotation)
                written.append(export.write_graph(graph, safe_child(folder / "documents", name), format=fmt))
        elif fmt == "html":
            from pipeline.graph.viewer import write_viewer

            written.append(write_viewer(corpus, outputs / "graph.html"))
        else:
            from pipeline.graph.picture import write_picture

            written.append(write_picture(corpus, folder / f"corpus.{fmt}", format=fmt, limit=limit))
    return written


def _query(name: str, words: list[str], args: argparse.Namespace) -> int:
    graph = build_corpus_graph(load_annotations(args.annotations))
    if name == "stats":
        for key, value in query.stats(graph).items():
            print(f"{key:<24} {value}")
    elif name == "top":
        for node, label, score in query.top(graph, by=args.by, type=args.type or "entity", limit=args.limit):
            print(f"{score:10.4f}  {label}  [{node}]")
    elif name == "neighbors":
        _need(words, 1, "annocite graph neighbors NAME")
        for node, label, kind, weight in query.neighbors(graph, words[0])[: args.limit * 5]:
            print(f"{kind:<10} {weight:>4}  {label}  [{node}]")
    elif name == "path":
        _need(words, 2, "annocite graph path A B")
        chain = query.path(graph, words[0], words[1])
        print(" -> ".join(graph.nodes[n].get("label", n) for n in chain) if chain else "no path")
    else:
        _need(words, 2, "annocite graph evidence A B")
        found = query.evidence(graph, words[0], words[1])
        for item in found:
            print(f"[{item.sentence}] {item.text}")
        print(f"{len(found)} sentence{'s' if len(found) != 1 else ''}")
    return 0


def _need(words: list[str], count: int, usage: str) -> None:
    if len(words) < count:
        raise UsageError(None, "missing names", f"usage: {usage}")
