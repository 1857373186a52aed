"""The graph of the real seed: who co-occurs with whom, which claims cite which works, and exports."""

from __future__ import annotations

import networkx as nx
import pytest

from pipeline.graph import export, query
from pipeline.graph.build import build_corpus_graph, build_document_graph, entity_node
from pipeline.model import LinkStatus


@pytest.fixture(scope="module")
def seed_graph(seed_annotation):
    return build_document_graph(seed_annotation)


def test_graph_putin_lukashenko_tokayev_connected_through_shared_sentences(seed_graph, seed_annotation):
    putin = query.find_node(seed_graph, "Putin")
    for other in ("Lukashenko", "Tokayev"):
        node = query.find_node(seed_graph, other)
        edge = seed_graph.get_edge_data(putin, node) or seed_graph.get_edge_data(node, putin)
        assert edge and edge["kind"] == "co-occurs" and edge["weight"] >= 1
        for found in query.evidence(seed_graph, "Putin", other):
            assert "Putin" in found.text and other in found.text


def test_graph_csto_is_most_central_entity(seed_graph):
    for measure in ("degree", "pagerank", "betweenness"):
        best = query.top(seed_graph, by=measure, type="entity", limit=1)[0]
        assert best[1] in ("CSTO", "Collective Security Treaty Organization"), (measure, best)


def test_graph_every_claim_points_to_its_linked_references(seed_graph, seed_annotation):
    ref_nodes = {n for n, d in seed_graph.nodes(data=True) if d["type"] == "reference"}
    linked = {
        (c.claim_start, item.reference)
        for c in seed_annotation.citations
        for item in c.items
        if item.status in (LinkStatus.LINKED, LinkStatus.IBID)
    }
    cites = [(a, b) for a, b, d in seed_graph.edges(data=True) if d["kind"] == "cites"]
    assert len(cites) >= len({r for _s, r in linked}) > 10
    assert all(b in ref_nodes for _a, b in cites)
    claims = [n for n, d in seed_graph.nodes(data=True) if d["type"] == "claim"]
    assert all(
        seed_graph.out_degree(c) >= 1
        for c in claims
        if any(d["kind"] == "cites" for _a, _b, d in seed_graph.out_edges(c, data=True))
    )


def test_graph_lenient_names_match_case_diacritics_and_acronyms(seed_graph):
    assert query.find_node(seed_graph, "dacic") == query.find_node(seed_graph, "Dačić")
    assert query.find_node(seed_graph, "collective security treaty organization") == query.find_node(seed_graph, "csto")


def test_graph_corpus_merges_the_same_entity_across_documents(seed_annotation):
    from dataclasses import replace

    twin = replace(seed_annotation, document=replace(seed_annotation.document, id="twin"))
    single = build_document_graph(seed_annotation)
    corpus = build_corpus_graph([seed_annotation, twin])
    entities = [n for n, d in single.nodes(data=True) if d["type"] == "entity"]
    assert [n for n, d in corpus.nodes(data=True) if d["type"] == "entity"] == entities
    csto = query.find_node(corpus, "CSTO")
    assert corpus.nodes[csto]["mentions"] == 2 * single.nodes[csto]["mentions"]
    refs = [n for n, d in corpus.nodes(data=True) if d["type"] == "reference"]
    assert len(refs) == len([n for n, d in single.nodes(data=True) if d["type"] == "reference"])


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_graph_write_read_round_trip_is_isomorphic(seed_graph, tmp_path, fmt):
    """Same node ids, same edges, same attributes: the identity map is an isomorphism (a VF2 search is
    exponential on this graph's many symmetric claim nodes, and proves less)."""
    path = export.write_graph(seed_graph, tmp_path / f"g{export.suffix_for(fmt)}", format=fmt)
    loaded = getattr(export, f"read_{fmt}")(path)
    assert loaded.is_directed()
    assert set(loaded.nodes) == set(seed_graph.nodes)
    assert set(loaded.edges) == set(seed_graph.edges)
    assert nx.faster_could_be_isomorphic(seed_graph, loaded)
    for node, data in seed_graph.nodes(data=True):
        assert loaded.nodes[node]["label"] == data["label"]
        assert loaded.nodes[node]["type"] == data["type"]
    for first, second, data in seed_graph.edges(data=True):
        assert loaded.edges[first, second]["kind"] == data["kind"]
        assert int(loaded.edges[first, second]["weight"]) == data["weight"]


def test_graph_csv_edge_list_round_trips_edges(seed_graph, tmp_path):
    path = export.write_graph(seed_graph, tmp_path / "g.csv", format="csv")
    loaded = export.read_csv(path)
    assert set(loaded.edges) == set(seed_graph.edges)
    assert all(loaded.edges[e]["weight"] == seed_graph.edges[e]["weight"] for e in seed_graph.edges)


def test_graph_exports_are_byte_identical_run_to_run(seed_annotation, tmp_path):
    first = export.json_text(build_document_graph(seed_annotation))
    second = export.json_text(build_document_graph(seed_annotation))
    assert first == second
    assert export.graphml_text(build_document_graph(seed_annotation)) == export.graphml_text(
        build_document_graph(seed_annotation)
    )


def test_graph_entity_node_key_folds_names():
    assert entity_node("Dačić", "PERSON") == entity_node("dacic", "PERSON")
