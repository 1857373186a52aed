"""Curations: corrections made by people, kept in ``annotations/<doc-id>.curations.json`` and re-applied after
every automatic run.

Offsets move whenever the draft changes, so a curation is anchored by the text it is about plus ~30 characters
of context on each side; the original offset is only a hint. ``apply_curations`` finds each anchor again
(exact text and context nearest the hint; then text with one side of context; then fuzzy context) and applies
it. A curation that no longer fits is reported ORPHANED and stays in the file untouched: this module never
rewrites a curation file on its own.

    curations = load_curations(Path("annotations/paper.curations.json"))
    annotation, results = apply_curations(annotation, curations)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from pipeline.corpus.annotation_file import (
    canonical,
    check_schema_version,
    dump_json,
    parse_json,
    read_json_text,
    schema_error,
)
from pipeline.errors import AnnotationFileError
from pipeline.fileio import atomic_write_text, slugify
from pipeline.model import Annotation, CitationItem, Cluster, Entity, Finding, LinkStatus

CURATIONS_SCHEMA_VERSION = "1.0"
CURATIONS_SCHEMA = "curations.schema.json"
CONTEXT_CHARS = 30
FUZZY_CONTEXT_MIN = 80.0  # rapidfuzz ratio (0-100) a changed context needs to still count as the same place
_REFERENCE_RAW_MIN = 90.0


class CurationAction(StrEnum):
    REJECT_ENTITY = "reject-entity"
    RELABEL_ENTITY = "relabel-entity"  # relabels the mention's whole cluster (one entity, one label)
    ADD_ENTITY = "add-entity"
    MERGE_CLUSTERS = "merge-clusters"  # the cluster of ``other`` joins the cluster of ``anchor``
    SPLIT_FORM = "split-form"  # the anchor's form leaves its cluster for a cluster of its own
    SET_LINK = "set-link"  # a citation item's reference (or its status when no reference fits)
    ACCEPT_FINDING = "accept-finding"  # the check stage stops reporting this finding


class CurationStatus(StrEnum):
    APPLIED = "applied"
    ORPHANED = "orphaned"


@dataclass(frozen=True, slots=True)
class Anchor:
    """The text a curation is about, its context and the offset where it was (a hint only)."""

    text: str
    before: str
    after: str
    start: int


@dataclass(frozen=True)
class Curation:
    id: str
    action: CurationAction
    anchor: Anchor
    label: str | None = None  # relabel-entity, add-entity
    other: Anchor | None = None  # merge-clusters: a mention of the cluster to merge in
    reference: str | None = None  # set-link: reference id when made (a hint) ...
    reference_raw: str | None = None  # ... and the entry as written, which is what is matched
    status: LinkStatus | None = None  # set-link without a reference: missing | ambiguous | ibid
    code: str | None = None  # accept-finding: rule code
    fingerprint: str | None = None  # accept-finding: see finding_fingerprint
    note: str | None = None  # the curator's reason, free text


@dataclass(frozen=True, slots=True)
class CurationResult:
    curation: Curation
    status: CurationStatus
    reason: str  # what was done, or why it no longer applies
    start: int | None = None  # where the anchor was found in the current text
    end: int | None = None

    def describe(self) -> str:
        curation = self.curation
        return f"curation {curation.id} ({curation.action.value} {curation.anchor.text!r}) {self.status}: {self.reason}"


class _Orphaned(Exception):
    """Internal: the curation does not fit the current annotation (the message says why)."""


# --- anchors ----------------------------------------------------------------------------------


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """Anchor for ``text[start:end]`` with its surrounding context."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is not a non-empty span of the text ({len(text)} characters)")
    return Anchor(text[start:end], text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS], start)


def locate_anchor(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Where the anchor is in ``text`` now: exact text and context nearest the hint, then the text with either
    side of the context, then the text whose context is a fuzzy match; None when it is gone."""
    occurrences = _occurrences(text, anchor.text)
    if not occurrences:
        return None
    width = len(anchor.text)
    before_ok = {s for s in occurrences if _before(text, s, anchor) == anchor.before}
    after_ok = {s for s in occurrences if _after(text, s + width, anchor) == anchor.after}
    for candidates in (before_ok & after_ok, before_ok | after_ok):
        if candidates:
            start = _nearest(candidates, anchor.start)
            return start, start + width
    scored = {s: _context_score(text, s, anchor) for s in occurrences}
    best = max(scored.values())
    if best < FUZZY_CONTEXT_MIN:
        return None
    start = _nearest({s for s, score in scored.items() if score == best}, anchor.start)
    return start, start + width


def _occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while needle and at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _before(text: str, start: int, anchor: Anchor) -> str:
    return text[max(0, start - len(anchor.before)) : start]


def _after(text: str, end: int, anchor: Anchor) -> str:
    return text[end : end + len(anchor.after)]


def _nearest(starts: set[int], hint: int) -> int:
    return min(starts, key=lambda s: (abs(s - hint), s))


def _context_score(text: str, start: int, anchor: Anchor) -> float:
    current = _before(text, start, anchor) + "\u241f" + _after(text, start + len(anchor.text), anchor)
    return fuzz.ratio(anchor.before + "\u241f" + anchor.after, current)


def _orphan_reason(text: str, anchor: Anchor) -> str:
    count = len(_occurrences(text, anchor.text))
    if not count:
        return f"the text {anchor.text!r} is no longer in the document"
    return f"the text {anchor.text!r} occurs {count} time(s) but never in its original context"


# --- applying ---------------------------------------------------------------------------------


def apply_curations(annotation: Annotation, curations: list[Curation]) -> tuple[Annotation, list[CurationResult]]:
    """Apply curations in file order. Those that no longer fit are reported ORPHANED and change nothing."""
    results = []
    for curation in curations:
        text = annotation.document.text
        span = locate_anchor(text, curation.anchor)
        if span is None:
            results.append(CurationResult(curation, CurationStatus.ORPHANED, _orphan_reason(text, curation.anchor)))
            continue
        try:
            annotation, done = _APPLY[curation.action](annotation, curation, span)
        except _Orphaned as orphaned:
            results.append(CurationResult(curation, CurationStatus.ORPHANED, str(orphaned), *span))
            continue
        results.append(CurationResult(curation, CurationStatus.APPLIED, done, *span))
    return canonical(annotation), results


def _entity_at(annotation: Annotation, span: tuple[int, int]) -> Entity:
    entity = next((e for e in annotation.entities if (e.start, e.end) == span), None)
    if entity is None:
        raise _Orphaned(f"no entity is annotated on {annotation.document.text[span[0] : span[1]]!r} any more")
    return entity


def _cluster(annotation: Annotation, cluster_id: str) -> Cluster:
    cluster = next((c for c in annotation.clusters if c.id == cluster_id), None)
    if cluster is None:
        raise _Orphaned(f"cluster {cluster_id!r} does not exist")
    return cluster


def _cluster_of_mention(annotation: Annotation, span: tuple[int, int]) -> Cluster:
    """The cluster of the entity on ``span``, else the one cluster listing that text among its forms."""
    entity = next((e for e in annotation.entities if (e.start, e.end) == span), None)
    if entity is not None:
        return _cluster(annotation, entity.cluster)
    form = annotation.document.text[span[0] : span[1]]
    owners = [c for c in annotation.clusters if form in c.forms]
    if len(owners) != 1:
        raise _Orphaned(f"{form!r} is not an entity any more" if not owners else f"{form!r} is in several clusters")
    return owners[0]


def _without_entity(annotation: Annotation, entity: Entity) -> Annotation:
    """Drop a mention; its form leaves the cluster when no other mention uses it, an empty cluster goes."""
    entities = tuple(e for e in annotation.entities if e.id != entity.id)
    members = [e for e in entities if e.cluster == entity.cluster]
    clusters = []
    for cluster in annotation.clusters:
        if cluster.id == entity.cluster:
            if not members:
                continue
            if not any(e.text == entity.text for e in members):
                cluster = replace(cluster, forms=tuple(f for f in cluster.forms if f != entity.text))
        clusters.append(cluster)
    return replace(annotation, entities=entities, clusters=tuple(clusters))


def _reject_entity(annotation: Annotation, curation: Curation, span: tuple[int, int]) -> tuple[Annotation, str]:
    entity = next((e for e in annotation.entities if (e.start, e.end) == span), None)
    if entity is None:  # idempotent: re-applied to an annotation written after curation
        return annotation, "no entity there (already rejected)"
    return _without_entity(annotation, entity), f"rejected entity {entity.id} ({entity.label})"


def _relabel_entity(annotation: Annotation, curation: Curation, span: tuple[int, int]) -> tuple[Annotation, str]:
    label = _required(curation.label, "label")
    cluster = _cluster(annotation, _entity_at(annotation, span).cluster)
    entities = tuple(replace(e, label=label) if e.cluster == cluster.id else e for e in annotation.entities)
    clusters = tuple(replace(c, label=label) if c.id == cluster.id else c for c in annotation.clusters)
    return replace(annotation, entities=entities, clusters=clusters), f"cluster {cluster.id} relabelled {label}"


def _add_entity(annotation: Annotation, curation: Curation, span: tuple[int, int]) -> tuple[Annotation, str]:
    label = _required(curation.label, "label")
    start, end = span
    existing = next((e for e in annotation.entities if (e.start, e.end) == span and e.label == label), None)
    if existing is not None:
        return annotation, f"already annotated as {existing.id}"
    for overlapping in [e for e in annotation.entities if e.start < end and start < e.end]:
        annotation = _without_entity(annotation, overlapping)  # the curated span wins over automatic ones
    form = annotation.document.text[start:end]
    home = next((c for c in annotation.clusters if c.label == label and form in c.forms), None)
    new_id = f"{curation.id}-e"
    if home is None:
        home = Cluster(f"{curation.id}-c", form, label, (form,))
        annotation = replace(annotation, clusters=(*annotation.clusters, home))
    entity = Entity(new_id, start, end, label, form, home.id)
    return replace(annotation, entities=(*annotation.entities, entity)), f"added entity {new_id} in cluster {home.id}"


def _merge_clusters(annotation: Annotation, curation: Curation, span: tuple[int, int]) -> tuple[Annotation, str]:
    other_anchor = _required(curation.other, "other")
    other_span = locate_anchor(annotation.document.text, other_anchor)
    if other_span is None:
        raise _Orphaned("other mention: " + _orphan_reason(annotation.document.text, other_anchor))
    keep, gone = _cluster_of_mention(annotation, span), _cluster_of_mention(annotation, other_span)
    if keep.id == gone.id:
        return annotation, f"already one cluster ({keep.id})"
    merged = replace(
        keep,
        forms=_union(keep.forms, gone.forms),
        expansions=_union(keep.expansions, gone.expansions),
        variants=_union(keep.variants, gone.variants),
        aliases=_union(keep.aliases, gone.aliases),
    )
    clusters = tuple(merged if c.id == keep.id else c for c in annotation.clusters if c.id != gone.id)
    entities = tuple(
        replace(e, cluster=keep.id, label=keep.label) if e.cluster == gone.id else e for e in annotation.entities
    )
    return replace(annotation, entities=entities, clusters=clusters), f"merged cluster {gone.id} into {keep.id}"


def _split_form(annotation: Annotation, curation: Curation, span: tuple[int, int]) -> tuple[Annotation, str]:
    form = annotation.document.text[span[0] : span[1]]
    cluster = _cluster(annotation, _entity_at(annotation, span).cluster)
    if all(e.text == form for e in annotation.entities if e.cluster == cluster.id):
        return annotation, f"{form!r} is already a cluster of its own ({cluster.id})"
    new = Cluster(f"{cluster.id}-{slugify(form)}", form, cluster.label, (form,))
    rest = replace(cluster, forms=tuple(f for f in cluster.forms if f != form))
    clusters = tuple(rest if c.id == cluster.id else c for c in annotation.clusters) + (new,)
    entities = tuple(
        replace(e, cluster=new.id) if e.cluster == cluster.id and e.text == form else e for e in annotation.entities
    )
    done = f"split {form!r} out of {cluster.id} into {new.id}"
    return replace(annotation, entities=entities, clusters=clusters), done


def _set_link(annotation: Annotation, curation: Curation, span: tuple[int, int]) -> tuple[Annotation, str]:
    found = next(
        ((c, i) for c in annotation.citations for i in c.items if (i.start, i.end) == span),
        None,
    )
    if found is None:
        raise _Orphaned(f"no citation item on {curation.anchor.text!r} any more")
    citation, item = found
    if curation.reference_raw is not None:
        reference_id = _reference_by_raw(annotation, curation.reference_raw)
        new_item = replace(item, reference=reference_id, status=LinkStatus.LINKED, candidates=())
        done = f"linked to {reference_id}"
    else:
        status = _required(curation.status, "status")
        new_item = replace(item, reference=None, status=status)
        done = f"set to {status.value}"
    items = tuple(new_item if i is item else i for i in citation.items)
    citations = tuple(replace(c, items=items) if c is citation else c for c in annotation.citations)
    return replace(annotation, citations=citations), done


def _reference_by_raw(annotation: Annotation, raw: str) -> str:
    """The reference written as ``raw`` (ids are renumbered when the list changes; the entry's words are not)."""
    exact = [r.id for r in annotation.references if r.raw == raw]
    if exact:
        return exact[0]
    scored = sorted(((fuzz.ratio(raw, r.raw), r.id) for r in annotation.references), key=lambda p: (-p[0], p[1]))
    if scored and scored[0][0] >= _REFERENCE_RAW_MIN:
        return scored[0][1]
    raise _Orphaned(f"the reference {raw[:60]!r} is no longer in the reference list")


def _accept_finding(annotation: Annotation, curation: Curation, span: tuple[int, int]) -> tuple[Annotation, str]:
    # Nothing to change here: the check stage drops findings whose fingerprint is accepted.
    return annotation, f"finding {curation.code} accepted"


def _required(value: Any, name: str) -> Any:
    if value is None:
        raise _Orphaned(f"the curation has no {name}")
    return value


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(first + second))


_APPLY = {
    CurationAction.REJECT_ENTITY: _reject_entity,
    CurationAction.RELABEL_ENTITY: _relabel_entity,
    CurationAction.ADD_ENTITY: _add_entity,
    CurationAction.MERGE_CLUSTERS: _merge_clusters,
    CurationAction.SPLIT_FORM: _split_form,
    CurationAction.SET_LINK: _set_link,
    CurationAction.ACCEPT_FINDING: _accept_finding,
}


# --- findings ---------------------------------------------------------------------------------


def finding_fingerprint(finding: Finding, text: str) -> str:
    """The check stage's fingerprint of ``finding`` (code + document + snippet + the words around it in ``text``),
    so an accepted finding is recognised by ``run_checks`` and survives re-runs that only move offsets."""
    from dataclasses import asdict

    from pipeline.check.registry import AnchoredFinding, context_digest, fingerprint

    anchored = AnchoredFinding(
        **{**asdict(finding), "context_digest": context_digest(text, finding.start, finding.end)}
    )
    return fingerprint(anchored)


def accepted_fingerprints(curations: list[Curation]) -> set[str]:
    """Fingerprints of accepted findings, for the check stage to leave out."""
    return {c.fingerprint for c in curations if c.action == CurationAction.ACCEPT_FINDING and c.fingerprint}


# --- making curations -------------------------------------------------------------------------


def make_curation(
    annotation: Annotation,
    action: CurationAction | str,
    *,
    start: int,
    end: int | None = None,
    label: str | None = None,
    other: int | None = None,
    reference: str | None = None,
    status: LinkStatus | str | None = None,
    finding: Finding | None = None,
    note: str | None = None,
) -> Curation:
    """A curation of ``annotation`` at offset ``start`` (any offset inside the entity, citation item or finding).

    reject-entity, relabel-entity (``label``), split-form: the entity at ``start``; add-entity: the span
    ``start``..``end`` with ``label``; merge-clusters: the entities at ``start`` and ``other``; set-link: the
    citation item at ``start`` and ``reference`` (an id) or ``status``; accept-finding: ``finding``.
    Raises ValueError when nothing fitting is at that offset."""
    action = CurationAction(action)
    text = annotation.document.text
    fields: dict[str, Any] = {"note": note}
    if action == CurationAction.ADD_ENTITY:
        if end is None or not label:
            raise ValueError("add-entity needs end and label")
        anchor = anchor_at(text, start, end)
        fields["label"] = label
    elif action == CurationAction.SET_LINK:
        item = _item_containing(annotation, start)
        anchor = anchor_at(text, item.start, item.end)
        fields.update(_link_fields(annotation, reference, status))
    elif action == CurationAction.ACCEPT_FINDING:
        if finding is None:
            raise ValueError("accept-finding needs the finding")
        start = min(finding.start, len(text) - 1)  # a point finding (start == end) is anchored on one character
        anchor = anchor_at(text, start, max(finding.end, start + 1))
        fields.update(code=finding.code, fingerprint=finding_fingerprint(finding, text))
    else:
        entity = _entity_containing(annotation, start)
        anchor = anchor_at(text, entity.start, entity.end)
        if action == CurationAction.RELABEL_ENTITY:
            if not label:
                raise ValueError("relabel-entity needs a label")
            fields["label"] = label
        elif action == CurationAction.MERGE_CLUSTERS:
            if other is None:
                raise ValueError("merge-clusters needs the offset of a mention of the other cluster")
            second = _entity_containing(annotation, other)
            fields["other"] = anchor_at(text, second.start, second.end)
    draft = Curation(id="", action=action, anchor=anchor, **fields)
    return replace(draft, id=curation_id(draft))


def curation_id(curation: Curation) -> str:
    """Content-derived, so the same correction made twice gets the same id (and no counter is needed)."""
    data = _curation_data(replace(curation, id=""))
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return "cur-" + digest.hexdigest()[:10]


def _entity_containing(annotation: Annotation, offset: int) -> Entity:
    entity = next((e for e in annotation.entities if e.start <= offset < e.end), None)
    if entity is None:
        raise ValueError(f"no entity at offset {offset}")
    return entity


def _item_containing(annotation: Annotation, offset: int) -> CitationItem:
    item = next((i for c in annotation.citations for i in c.items if i.start <= offset < i.end), None)
    if item is None:
        raise ValueError(f"no citation item at offset {offset}")
    return item


def _link_fields(annotation: Annotation, reference: str | None, status: LinkStatus | str | None) -> dict[str, Any]:
    if reference is not None:
        entry = next((r for r in annotation.references if r.id == reference), None)
        if entry is None:
            raise ValueError(f"no reference {reference!r}")
        return {"reference": entry.id, "reference_raw": entry.raw}
    if status is None or LinkStatus(status) == LinkStatus.LINKED:
        raise ValueError("set-link needs a reference id, or a status other than linked")
    return {"status": LinkStatus(status)}


# --- the curation file ------------------------------------------------------------------------


def curations_path(annotations_dir: Path, doc_id: str) -> Path:
    return annotations_dir / f"{doc_id}.curations.json"


def load_curations(path: Path) -> list[Curation]:
    """The curations in ``path`` in file order; [] when the file does not exist (no curations yet)."""
    if not path.exists():
        return []
    return curations_from_json(read_json_text(path), path=str(path))


def curations_from_json(text: str, *, path: str) -> list[Curation]:
    data = parse_json(text, path=path)
    check_schema_version(data, path=path, expected=CURATIONS_SCHEMA_VERSION, kind="curations")
    from pipeline.corpus.schemas import schema_issues  # jsonschema is slow to import

    issues = schema_issues(data, CURATIONS_SCHEMA)
    if issues:
        raise schema_error(path, issues)
    curations = [_curation(item) for item in data["curations"]]
    _check_unique_ids(curations, path)
    return curations


def curations_to_json(curations: list[Curation]) -> str:
    return dump_json({"schema_version": CURATIONS_SCHEMA_VERSION, "curations": [_curation_data(c) for c in curations]})


def save_curations(path: Path, curations: list[Curation]) -> None:
    """Write atomically, in the given order (people's corrections are never reordered or dropped)."""
    _check_unique_ids(curations, str(path))
    atomic_write_text(path, curations_to_json(curations))


def _check_unique_ids(curations: list[Curation], path: str) -> None:
    ids = [c.id for c in curations]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise AnnotationFileError(path, f"duplicate curation id(s): {', '.join(duplicates)}", "give each its own id")


def _anchor_data(anchor: Anchor) -> dict[str, Any]:
    return {"text": anchor.text, "before": anchor.before, "after": anchor.after, "start": anchor.start}


def _curation_data(curation: Curation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": curation.id,
        "action": curation.action.value,
        "anchor": _anchor_data(curation.anchor),
        "label": curation.label,
        "other": _anchor_data(curation.other) if curation.other else None,
        "reference": curation.reference,
        "reference_raw": curation.reference_raw,
        "status": curation.status.value if curation.status else None,
        "code": curation.code,
        "fingerprint": curation.fingerprint,
        "note": curation.note,
    }
    return {key: value for key, value in data.items() if value is not None}  # a person reads and edits these


def _anchor(data: dict[str, Any]) -> Anchor:
    return Anchor(data["text"], data["before"], data["after"], data["start"])


def _curation(data: dict[str, Any]) -> Curation:
    return Curation(
        id=data["id"],
        action=CurationAction(data["action"]),
        anchor=_anchor(data["anchor"]),
        label=data.get("label"),
        other=_anchor(data["other"]) if data.get("other") else None,
        reference=data.get("reference"),
        reference_raw=data.get("reference_raw"),
        status=LinkStatus(data["status"]) if data.get("status") else None,
        code=data.get("code"),
        fingerprint=data.get("fingerprint"),
        note=data.get("note"),
    )
