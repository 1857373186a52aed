"""The annotate stage: entities and their clusters (dates live in ``pipeline.annotate.dates``).

Interface used by later stages::

    nlp = load_nlp(model)  # pipeline.nlp: ner only, cached
    entities, clusters = annotate_entities(document, citations, nlp=nlp, aliases={"Russian Federation": "Russia"})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pipeline.annotate.clusters import NO_ALIASES, cluster_entities
from pipeline.annotate.entities import find_entities
from pipeline.model import Citation, Cluster, Document, Entity

if TYPE_CHECKING:  # spaCy takes seconds to import: only the stage that runs the model loads it
    from spacy.language import Language


def annotate_entities(
    document: Document,
    citations: Sequence[Citation],
    *,
    nlp: Language,
    aliases: Mapping[str, str] = NO_ALIASES,
) -> tuple[tuple[Entity, ...], tuple[Cluster, ...]]:
    """Entity mentions outside citations and the reference list, each assigned to a cluster."""
    mentions = find_entities(document, citations, nlp=nlp)
    return cluster_entities(document, mentions, aliases=aliases)
