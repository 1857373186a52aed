"""Building the citation and entity co-occurrence graph from annotations (no NLP is re-run).

Nodes: ``document``, ``reference``, ``claim`` (a sentence that carries a citation) and ``entity`` (a cluster).
Edges (``kind``): document -> reference ``lists``; claim -> reference ``cites`` (with ``locator``);
claim -> entity ``mentions``; entity -> entity ``co-occurs`` (stored once, from the smaller node id; ``weight`` =
number of shared sentences, ``evidence`` = their ids). Node ids are content keys, so the same entity or the same
cited work in two papers is one node in the corpus graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from pipeline.model import Annotation, LinkStatus, Reference
from pipeline.names import fold

EVIDENCE_SEPARATOR = "|"


def entity_node(name: str, label: str) -> str:
    return f"entity:{label}:{fold(name)}"


def reference_node(reference: Reference) -> str:
    """The same work cited by two papers gets one key: first author (or organisation), year, title words."""
    author = reference.authors[0].key if reference.authors else fold(reference.organisation or "")
    year = f"{reference.year or ''}{reference.year_suffix or ''}"
    title = " ".join(fold(reference.title or "").split()[:8])
    if not (author or title):
        return f"reference:{fold(reference.raw)[:80]}"
    return f"reference:{author}:{year}:{title}"


def sentence_ref(doc_id: str, sentence_id: str) -> str:
    return f"{doc_id}#{sentence_id}"


def build_document_graph(annotation: Annotation) -> nx.DiGraph:
    """The graph of one annotated document."""
    graph = nx.DiGraph()
    graph.graph["sentences"] = {}
    document = annotation.document
    doc_node = f"document:{document.id}"
    graph.add_node(doc_node, type="document", label=_title(annotation), document=document.id)
    ref_nodes = _add_references(graph, annotation, doc_node)
    entity_of = _add_entities(graph, annotation)
    mentions_by_sentence = _mentions_by_sentence(annotation, entity_of)
    _add_claims(graph, annotation, ref_nodes, mentions_by_sentence)
    _add_cooccurrence(graph, annotation, mentions_by_sentence)
    return graph


def build_corpus_graph(annotations: Iterable[Annotation]) -> nx.DiGraph:
    """One graph for many documents: shared entities and shared cited works become one node."""
    corpus = nx.DiGraph()
    corpus.graph["sentences"] = {}
    for annotation in annotations:
        _merge(corpus, build_document_graph(annotation))
    return corpus


def _title(annotation: Annotation) -> str:
    document = annotation.document
    title = next((s for s in document.sections if s.kind == "title"), None)
    return document.text[title.start : title.end][:200] if title else document.id


def _add_references(graph: nx.DiGraph, annotation: Annotation, doc_node: str) -> dict[str, str]:
    nodes = {}
    for reference in annotation.references:
        node = reference_node(reference)
        nodes[reference.id] = node
        graph.add_node(
            node, type="reference", label=_reference_label(reference), raw=reference.raw[:500], year=reference.year or 0
        )
        graph.add_edge(doc_node, node, kind="lists", weight=1)
    return nodes


def _reference_label(reference: Reference) -> str:
    if reference.authors:
        who = reference.authors[0].family + (" et al." if len(reference.authors) > 2 else "")
        if len(reference.authors) == 2:
            who += f" & {reference.authors[1].family}"
    else:
        who = reference.organisation or reference.raw[:40]
    return f"{who} ({reference.year or 'n.d.'}{reference.year_suffix or ''})"


def _add_entities(graph: nx.DiGraph, annotation: Annotation) -> dict[str, str]:
    """Entity cluster id -> node id; mention counts add up."""
    node_of = {}
    counts: dict[str, int] = defaultdict(int)
    for entity in annotation.entities:
        counts[entity.cluster] += 1
    for cluster in annotation.clusters:
        if cluster.label in _NOT_ENTITIES:  # dates and quantities are not co-occurring actors
            continue
        node = entity_node(cluster.name, cluster.label)
        node_of[cluster.id] = node
        forms = sorted(set(cluster.forms) | set(cluster.expansions) | set(cluster.aliases))
        graph.add_node(
            node,
            type="entity",
            label=cluster.name,
            entity_label=cluster.label,
            forms=EVIDENCE_SEPARATOR.join(forms),
            mentions=counts[cluster.id],
        )
    return node_of


def _mentions_by_sentence(annotation: Annotation, entity_of: dict[str, str]) -> dict[str, set[str]]:
    document = annotation.document
    mentions: dict[str, set[str]] = defaultdict(set)
    for entity in annotation.entities:
        sentence = document.sentence_at(entity.start)
        if sentence is not None and entity.cluster in entity_of and entity.label not in _NOT_ENTITIES:
            mentions[sentence.id].add(entity_of[entity.cluster])
    return mentions


_NOT_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


def _add_claims(graph, annotation: Annotation, ref_nodes: dict[str, str], mentions: dict[str, set[str]]) -> None:
    document = annotation.document
    for citation in annotation.citations:
        sentence = document.sentence_at(citation.claim_start)
        sentence_id = sentence.id if sentence else citation.id
        claim = f"claim:{document.id}:{sentence_id}"
        text = document.text[citation.claim_start : citation.claim_end]
        if claim not in graph:
            graph.add_node(claim, type="claim", label=text[:80], text=text[:2000], document=document.id)
            graph.graph["sentences"][sentence_ref(document.id, sentence_id)] = text
        for item in citation.items:
            if item.reference in ref_nodes and item.status in (LinkStatus.LINKED, LinkStatus.IBID):
                _add_cites(graph, claim, ref_nodes[item.reference], item.locator)
        for entity in sorted(mentions.get(sentence_id, ())):
            graph.add_edge(claim, entity, kind="mentions", weight=1)


def _add_cites(graph: nx.DiGraph, claim: str, reference: str, locator: str | None) -> None:
    if graph.has_edge(claim, reference):
        edge = graph.edges[claim, reference]
        edge["weight"] += 1
        if locator:
            edge["locator"] = "; ".join(filter(None, [edge.get("locator", ""), locator]))
    else:
        graph.add_edge(claim, reference, kind="cites", weight=1, locator=locator or "")


def _add_cooccurrence(graph: nx.DiGraph, annotation: Annotation, mentions: dict[str, set[str]]) -> None:
    document = annotation.document
    texts = {s.id: document.text[s.start : s.end] for s in document.sentences}
    order = {s.id: i for i, s in enumerate(document.sentences)}
    for sentence_id in sorted(mentions, key=lambda s: order.get(s, 0)):
        nodes = sorted(mentions[sentence_id])
        if len(nodes) < 2:
            continue
        ref = sentence_ref(document.id, sentence_id)
        graph.graph["sentences"][ref] = texts.get(sentence_id, "")
        for i, first in enumerate(nodes):
            for second in nodes[i + 1 :]:
                _add_cooccurs(graph, first, second, weight=1, evidence=[ref])


def _add_cooccurs(graph: nx.DiGraph, first: str, second: str, *, weight: int, evidence: list[str]) -> None:
    if graph.has_edge(first, second):
        edge = graph.edges[first, second]
        edge["weight"] += weight
        known = edge["evidence"].split(EVIDENCE_SEPARATOR)
        edge["evidence"] = EVIDENCE_SEPARATOR.join(known + [e for e in evidence if e not in known])
    else:
        graph.add_edge(first, second, kind="co-occurs", weight=weight, evidence=EVIDENCE_SEPARATOR.join(evidence))


def _merge(corpus: nx.DiGraph, graph: nx.DiGraph) -> None:
    for node, data in graph.nodes(data=True):
        if node in corpus:
            existing = corpus.nodes[node]
            if data.get("type") == "entity":
                existing["mentions"] += data["mentions"]
                forms = set(existing["forms"].split(EVIDENCE_SEPARATOR)) | set(data["forms"].split(EVIDENCE_SEPARATOR))
                existing["forms"] = EVIDENCE_SEPARATOR.join(sorted(f for f in forms if f))
        else:
            corpus.add_node(node, **data)
    for first, second, data in graph.edges(data=True):
        if data["kind"] == "co-occurs":
            _add_cooccurs(
                corpus, first, second, weight=data["weight"], evidence=data["evidence"].split(EVIDENCE_SEPARATOR)
            )
        elif corpus.has_edge(first, second):
            corpus.edges[first, second]["weight"] += data["weight"]
        else:
            corpus.add_edge(first, second, **data)
    corpus.graph["sentences"].update(graph.graph["sentences"])
