"""Grouping entity mentions into clusters: one cluster per entity, whatever the name it goes by.

Merged into one cluster: mentions with the same folded form; a bare surname with the one full PERSON name it ends
("Putin" -> "Vladimir Putin"); an acronym with its expansion, defined in parentheses ("... Organization (CSTO)")
or, for acronyms defined nowhere, a name elsewhere whose initials spell it ("Commonwealth of Independent States"
-> CIS); configured aliases. Near-miss spellings are never merged but recorded as ``Cluster.variants`` on the
cluster of the more frequent (then longer) name, for the check stage to report.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy
from rapidfuzz.fuzz import ratio
from rapidfuzz.process import cdist

from pipeline.annotate.acronyms import SKIPPED_WORDS, acronym_letters, find_abbreviations, is_acronym, name_initials
from pipeline.annotate.entities import TEMPORAL_LABELS, RawMention, annotated_paragraphs
from pipeline.model import Cluster, Document, Entity
from pipeline.names import fold

# Cluster label when two labels are equally frequent: the earlier one here wins. PERSON comes late (unless a full
# name was tagged PERSON) because the small English model reads unfamiliar capitalised words as names
# ("Azerbaijan": PERSON twice, GPE twice on the seed).
LABEL_PREFERENCE = ("GPE", "ORG", "LOC", "NORP", "PERSON", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART",
                    "LANGUAGE", "DATE", "TIME")
# Variants are only looked for between clusters of one family ("Russia" GPE vs "Russian" NORP is no misspelling).
LABEL_FAMILIES = {"PERSON": "person", "GPE": "place", "LOC": "place", "NORP": "group", "LANGUAGE": "language",
                  "ORG": "named", "FAC": "named", "LAW": "named", "EVENT": "named", "PRODUCT": "named",
                  "WORK_OF_ART": "named"}
# Tuned on the seed: Pashinan/Pashinyan scores 94, Rajić/Gajić 80, Kazakhstan/Kyrgyzstan 60.
VARIANT_MIN_RATIO = 88
# Words that name a kind of body, and descriptors that many bodies share: two names that share only such words
# ("Ministry of Foreign Affairs" / "Ministry of Internal Affairs") are different bodies, not one named two ways.
INSTITUTION_WORDS = frozenset({
    "organization", "organisation", "council", "committee", "commission", "ministry", "assembly", "agency", "bank",
    "union", "university", "institute", "department", "office", "bureau", "court", "party", "forum", "force",
    "forces", "group", "staff", "secretariat", "center", "centre", "foundation", "association", "society", "league",
    "service", "army", "command", "treaty", "pact", "program", "programme", "fund", "board", "authority",
    "parliament", "government", "school", "college", "academy",
})
DESCRIPTOR_WORDS = frozenset({
    "national", "international", "federal", "state", "states", "republic", "united", "central", "joint", "general",
    "foreign", "internal", "affairs", "security", "defense", "defence", "economic", "political", "military",
    "permanent", "supreme", "high", "collective", "regional", "world", "global", "public", "social", "ministers",
    "secretaries", "people", "democratic", "new", "north", "south", "east", "west",
})
GENERIC_WORDS = INSTITUTION_WORDS | DESCRIPTOR_WORDS | SKIPPED_WORDS
# First words of the units of a larger body: "Department of Physiology, University of California" and "Department
# of Biochemistry, ..." are two departments, not one renamed.
SUBUNIT_WORDS = frozenset({"department", "division", "school", "faculty", "laboratory", "lab", "section", "unit",
                           "program", "programme", "institute", "centre", "center"})

NO_ALIASES: Mapping[str, str] = MappingProxyType({})
FormKey = tuple[bool, str]  # (temporal?, folded surface): mentions with one key always share a cluster


@dataclass
class _Group:
    """A cluster under construction."""

    members: list[int]
    expansions: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    alias_target: str | None = None


def cluster_entities(
    document: Document, mentions: Sequence[RawMention], *, aliases: Mapping[str, str] = NO_ALIASES
) -> tuple[tuple[Entity, ...], tuple[Cluster, ...]]:
    """Entities (ids "m1".., text order) and their clusters (ids "e1".., in order of first mention).

    ``aliases`` maps a name to the name it stands for ("Russian Federation" -> "Russia"); the target becomes the
    cluster's name.
    """
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    keys = [form_key(m) for m in ordered]
    sets = _DisjointSets(keys)
    expansions: dict[FormKey, list[str]] = defaultdict(list)
    alias_targets: dict[FormKey, tuple[str, str]] = {}
    _merge_surnames(sets, ordered, keys)
    _merge_acronyms(sets, document, ordered, keys, expansions)
    _merge_aliases(sets, keys, aliases, alias_targets)
    groups = _groups(sets, keys, expansions, alias_targets)
    clusters = [_cluster(f"e{n}", group, ordered) for n, group in enumerate(groups, start=1)]
    clusters = _with_variants(clusters, [len(g.members) for g in groups])
    cluster_of = {i: cluster.id for cluster, group in zip(clusters, groups, strict=True) for i in group.members}
    entities = tuple(
        Entity(id=f"m{i + 1}", start=m.start, end=m.end, label=m.label, text=m.text, cluster=cluster_of[i])
        for i, m in enumerate(ordered)
    )
    return entities, tuple(clusters)


def form_key(mention: RawMention) -> FormKey:
    return (mention.label in TEMPORAL_LABELS, fold(mention.text))


class _DisjointSets:
    """Union-find over form keys; a root is the key seen first in the text, so results do not depend on order."""

    def __init__(self, keys: Iterable[FormKey]) -> None:
        self.parent: dict[FormKey, FormKey] = {}
        self.rank: dict[FormKey, int] = {}
        for n, key in enumerate(keys):
            self.parent.setdefault(key, key)
            self.rank.setdefault(key, n)

    def find(self, key: FormKey) -> FormKey:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: FormKey, b: FormKey) -> None:
        root_a, root_b = sorted((self.find(a), self.find(b)), key=self.rank.__getitem__)
        self.parent[root_b] = root_a


def _merge_surnames(sets: _DisjointSets, mentions: Sequence[RawMention], keys: Sequence[FormKey]) -> None:
    """A one-word name joins the single full PERSON name ending with it; shared by two full names, it stays apart."""
    full_names: dict[str, set[FormKey]] = defaultdict(set)
    for mention, key in zip(mentions, keys, strict=True):
        if mention.label == "PERSON" and len(key[1].split()) > 1:
            full_names[key[1].split()[-1]].add(key)
    for key in dict.fromkeys(keys):
        temporal, folded = key
        owners = full_names.get(folded, set())
        if not temporal and len(owners) == 1:
            sets.union(next(iter(owners)), key)


def _merge_acronyms(
    sets: _DisjointSets,
    document: Document,
    mentions: Sequence[RawMention],
    keys: Sequence[FormKey],
    expansions: dict[FormKey, list[str]],
) -> None:
    """Acronym <-> long form: parenthesised definitions first; initials for acronyms defined nowhere."""
    surface: dict[FormKey, str] = {}  # the first spelling of each form key
    for mention, key in zip(mentions, keys, strict=True):
        surface.setdefault(key, mention.text)
    defined: set[str] = set()
    for paragraph in annotated_paragraphs(document):
        for abbreviation in find_abbreviations(document.text[paragraph.start : paragraph.end]):
            short, long = (False, fold(abbreviation.short)), (False, fold(abbreviation.long))
            defined.add(short[1])
            if short in surface:
                expansions[short].append(abbreviation.long)
                if long in surface:
                    sets.union(short, long)
    persons = {key for mention, key in zip(mentions, keys, strict=True) if mention.label == "PERSON"}
    long_forms: dict[str, list[FormKey]] = defaultdict(list)  # initials -> names that spell them
    for key, text in surface.items():
        if not key[0] and key not in persons:
            for spelt in name_initials(text):
                long_forms[spelt].append(key)
    for key, text in surface.items():
        if key[0] or key[1] in defined or not is_acronym(text):
            continue
        for long in long_forms.get(acronym_letters(text), []):
            expansions[key].append(surface[long])
            sets.union(key, long)


def _merge_aliases(
    sets: _DisjointSets,
    keys: Sequence[FormKey],
    aliases: Mapping[str, str],
    alias_targets: dict[FormKey, tuple[str, str]],
) -> None:
    """Merge each configured alias present in the text with its target; remember (alias, target) per key."""
    present = set(keys)
    for alias, target in sorted(aliases.items()):
        alias_key, target_key = (False, fold(alias)), (False, fold(target))
        if alias_key in present and target_key in present:
            sets.union(alias_key, target_key)
            alias_targets[alias_key] = (alias, target)


def _groups(
    sets: _DisjointSets,
    keys: Sequence[FormKey],
    expansions: Mapping[FormKey, list[str]],
    alias_targets: Mapping[FormKey, tuple[str, str]],
) -> list[_Group]:
    """Clusters under construction, in order of first mention."""
    by_root: dict[FormKey, _Group] = {}
    for i, key in enumerate(keys):
        by_root.setdefault(sets.find(key), _Group(members=[])).members.append(i)
    for key in dict.fromkeys(keys):
        group = by_root[sets.find(key)]
        group.expansions += expansions.get(key, [])
        if key in alias_targets:
            alias, group.alias_target = alias_targets[key]
            group.aliases.append(alias)
    return list(by_root.values())


def _cluster(cluster_id: str, group: _Group, mentions: Sequence[RawMention]) -> Cluster:
    members = [mentions[i] for i in group.members]
    forms = Counter(m.text for m in members)
    return Cluster(
        id=cluster_id,
        name=_name(forms, group.alias_target),
        label=_majority_label(members),
        forms=tuple(sorted(forms)),
        expansions=_distinct_names(group.expansions),
        aliases=tuple(sorted(set(group.aliases))),
    )


def _name(forms: Counter[str], alias_target: str | None) -> str:
    """The configured alias target, else the longest form (written normally rather than in capitals), then the
    most frequent, then the first seen."""
    if alias_target is not None:
        return next((f for f in forms if fold(f) == fold(alias_target)), alias_target)
    candidates = [f for f in forms if not f.isupper()] or list(forms)
    order = {form: n for n, form in enumerate(forms)}
    return max(candidates, key=lambda f: (len(f), forms[f], -order[f]))


def _majority_label(members: Sequence[RawMention]) -> str:
    """The most frequent label; a tie goes to PERSON if a full name was tagged PERSON, else by preference."""
    counts = Counter(m.label for m in members)
    full_name = any(m.label == "PERSON" and len(m.text.split()) > 1 for m in members)
    return min(counts, key=lambda label: (-counts[label], not (full_name and label == "PERSON"), _preference(label)))


def _preference(label: str) -> int:
    return LABEL_PREFERENCE.index(label) if label in LABEL_PREFERENCE else len(LABEL_PREFERENCE)


def _distinct_names(names: Iterable[str]) -> tuple[str, ...]:
    """One spelling per folded name, preferring one not written in capitals."""
    chosen: dict[str, str] = {}
    for name in names:
        key = fold(name)
        if key not in chosen or (chosen[key].isupper() and not name.isupper()):
            chosen[key] = name
    return tuple(sorted(chosen.values()))


def _with_variants(clusters: Sequence[Cluster], sizes: Sequence[int]) -> list[Cluster]:
    """Record near-miss names between clusters of one family on the bigger (then longer-named, then earlier) one."""
    variants: dict[int, set[str]] = defaultdict(set)
    for family in sorted(set(LABEL_FAMILIES.values())):
        forms = [(n, form) for n, c in enumerate(clusters) if LABEL_FAMILIES.get(c.label) == family for form in c.forms]
        for i, j in _candidate_pairs([form for _, form in forms]):
            (a, form_a), (b, form_b) = forms[i], forms[j]
            if a != b and is_near_miss(form_a, form_b, person=family == "person"):
                major, minor = sorted((a, b), key=lambda n: (-sizes[n], -len(clusters[n].name), n))
                variants[major].add(clusters[minor].name)
    return [replace(c, variants=tuple(sorted(variants[n]))) if n in variants else c for n, c in enumerate(clusters)]


def _candidate_pairs(forms: Sequence[str]) -> set[tuple[int, int]]:
    """Pairs (i < j) that ``is_near_miss`` may accept, found without comparing every pair in Python: a close
    spelling (one rapidfuzz matrix), a bare surname close to a full name's last word, or names that agree in
    length, first and last word."""
    folded = [fold(form) for form in forms]
    last_words = [f.split()[-1] if f else "" for f in folded]
    pairs: set[tuple[int, int]] = set()
    for matrix in (cdist(folded, folded, scorer=ratio, score_cutoff=VARIANT_MIN_RATIO, dtype=numpy.uint8),
                   cdist(folded, last_words, scorer=ratio, score_cutoff=VARIANT_MIN_RATIO, dtype=numpy.uint8)):
        pairs.update((min(i, j), max(i, j)) for i, j in zip(*numpy.nonzero(matrix), strict=True) if i != j)
    frames: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    for n, words in enumerate(f.split() for f in folded):
        if len(words) >= 3:
            frames[(len(words), words[0], words[-1])].append(n)
    pairs.update((i, j) for members in frames.values() for i in members for j in members if i < j)
    return pairs


def is_near_miss(a: str, b: str, *, person: bool = False) -> bool:
    """Two names that look like one name spelt or worded two ways ("Pashinan" / "Pashinyan";
    "Shanghai Security Organization" / "Shanghai Cooperation Organization")."""
    folded_a, folded_b = fold(a), fold(b)
    words_a, words_b = folded_a.split(), folded_b.split()
    if folded_a == folded_b or (is_acronym(a) or is_acronym(b)):
        return False
    if _digits(folded_a) != _digits(folded_b) or _same_but_grammar(words_a, words_b):
        return False
    if set(words_a) <= set(words_b) or set(words_b) <= set(words_a):
        return False  # a shorter name of the same thing ("Shanghai Organization"), not a misspelling
    if ratio(folded_a, folded_b) >= VARIANT_MIN_RATIO:
        return _looks_misspelt(words_a, words_b)
    if person:
        return _bare_surname_near_miss(words_a, words_b) or _bare_surname_near_miss(words_b, words_a)
    acronyms = {fold(w) for w in f"{a} {b}".split() if is_acronym(w)}
    return _one_word_renamed(words_a, words_b, generic=GENERIC_WORDS | acronyms)


def _looks_misspelt(words_a: Sequence[str], words_b: Sequence[str]) -> bool:
    """Close spellings that are one name misspelt ("Fisher" / "Fischer", "Tet-Express" / "TetExpress"), not two
    names that science writes alike: a changed code or label ("Figure 4A" / "4E", "Protein C" / "S", "V20F/E11K" /
    "E11R"), or a changed first letter ("hGas6" / "Gas6", "Invitrogen" / "Nitrogen"). A misspelling keeps the
    word's first letter."""
    if len(words_a) != len(words_b):
        joined_a, joined_b = "".join(words_a), "".join(words_b)
        return joined_a[:1] == joined_b[:1] and ratio(joined_a, joined_b) >= VARIANT_MIN_RATIO
    return all(
        x[0] == y[0] and min(len(x), len(y)) > 2 and not any(c.isdigit() for c in x + y)
        for x, y in zip(words_a, words_b, strict=True) if x != y
    )


def _bare_surname_near_miss(bare: Sequence[str], full: Sequence[str]) -> bool:
    return len(bare) == 1 and len(full) > 1 and ratio(bare[0], full[-1]) >= VARIANT_MIN_RATIO \
        and _looks_misspelt(bare, full[-1:])


def _one_word_renamed(words_a: Sequence[str], words_b: Sequence[str], *, generic: frozenset[str]) -> bool:
    """Same length (3+ words), one inner descriptive word differs, and a distinctive word is shared
    ("Shanghai"; not an acronym such as "CSTO", which names the parent of many bodies)."""
    if len(words_a) != len(words_b) or len(words_a) < 3:
        return False
    differing = [n for n, (x, y) in enumerate(zip(words_a, words_b, strict=True)) if x != y]
    if len(differing) != 1 or differing[0] in (0, len(words_a) - 1) or words_a[0] in SUBUNIT_WORDS:
        return False
    if any(c.isdigit() for c in "".join(words_a + words_b)):
        return False  # "Supplemental Fig 1" / "Supplemental Table 1": labels, not names
    n = differing[0]
    if words_a[n] in INSTITUTION_WORDS or words_b[n] in INSTITUTION_WORDS or min(len(words_a[n]), len(words_b[n])) < 4:
        return False  # a short word is a code ("UAS-Brp-GFP" / "UAS-SytI-GFP"), not a descriptive word
    return any(w not in generic for w in set(words_a) & set(words_b))


def _same_but_grammar(words_a: Sequence[str], words_b: Sequence[str]) -> bool:
    """Equal once plural "s" and function words are ignored ("Council" / "Councils")."""
    def core(words: Sequence[str]) -> list[str]:
        return [w.removesuffix("s") for w in words if w not in SKIPPED_WORDS]

    return core(words_a) == core(words_b)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())
