"""ENT rules: one entity written several ways."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from rapidfuzz import fuzz

from pipeline.annotate.acronyms import acronym_letters, initials
from pipeline.check.registry import CheckContext, rule
from pipeline.model import Cluster, Finding, Severity
from pipeline.names import fold

_LEADING_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"['’]s\b")


def _first_occurrence(context: CheckContext, cluster: Cluster, form: str) -> tuple[int, int] | None:
    """Where ``form`` of the cluster first appears: an entity of the cluster, else the first whole-word match."""
    spans = [(e.start, e.end) for e in context.annotation.entities if e.cluster == cluster.id and e.text == form]
    if spans:
        return min(spans)
    match = re.search(rf"(?<!\w){re.escape(form)}(?!\w)", context.text)
    return (match.start(), match.end()) if match else None


def _configured_aliases(context: CheckContext, cluster: Cluster) -> set[str]:
    """Folded names the user declared as aliases of each other (config ``aliases``) plus the cluster's own."""
    names = {fold(n) for n in (cluster.name, *cluster.forms)}
    known = {fold(a) for a in cluster.aliases}
    for canonical, aliases in context.config.aliases.items():
        group = {fold(canonical), *(fold(a) for a in aliases)}
        if group & names:
            known |= group
    return known


def preferred_spelling(context: CheckContext, cluster: Cluster, variant: str) -> str:
    """How the text spells ``variant`` elsewhere: the cluster's name (or, when the name is itself a variant, its
    most frequent other form), cut to the word that matches a one-word variant ("Pashinan" -> "Pashinyan",
    not "Nikol Pashinyan") unless the variant is the whole name run together ("Cav1KO" -> "Cav1 KO")."""
    preferred = cluster.name
    if preferred in cluster.variants:
        counts = Counter(e.text for e in context.annotation.entities if e.cluster == cluster.id)
        spellings = [form for form in cluster.forms if form not in cluster.variants] or [cluster.name]
        preferred = max(spellings, key=lambda form: (counts[form], form))
    words = preferred.split()
    if len(variant.split()) == 1 and len(words) > 1:
        word = max(words, key=lambda word: fuzz.ratio(fold(word), fold(variant)))
        joined = fold(preferred).replace(" ", "")  # "Cav1KO" is "Cav1 KO" without its space, not "Cav1"
        return preferred if fuzz.ratio(joined, fold(variant)) > fuzz.ratio(fold(word), fold(variant)) else word
    return preferred


@rule("ENT001", "name-variant", Severity.WARNING)
def name_variant(context: CheckContext) -> Iterator[Finding]:
    """One entity is spelt in two ways (a near-miss spelling of a name used elsewhere).

    What it does: reports each spelling variant the annotate stage attached to an entity cluster, at its first
    occurrence. Variants declared as aliases in the configuration (``[tool.annocite.aliases]``) are accepted.

    Why it matters: a misspelt name is a factual error; it also splits the entity in indexes and graphs.

    Example:
        "Armenian Prime Minister Pashinan took part ..." and later "Nikol Pashinyan thanked Russia ..."
    """
    for cluster in context.annotation.clusters:
        accepted = _configured_aliases(context, cluster)
        for variant in sorted(set(cluster.variants)):
            preferred = preferred_spelling(context, cluster, variant)
            if fold(variant) in accepted or fold(variant) == fold(preferred):
                continue
            span = _first_occurrence(context, cluster, variant)
            if span is None:
                continue
            yield context.finding(
                *span,
                f"'{variant}' is spelt '{preferred}' elsewhere in the text (same {cluster.label.lower()})",
                suggestion=f"Use one spelling: '{preferred}'",
            )


def distinct_expansions(cluster: Cluster, acronym: str) -> list[str]:
    """The long forms of ``acronym`` that differ after folding (:func:`expansion_key`)."""
    by_key: dict[str, str] = {}
    for expansion in cluster.expansions:
        by_key.setdefault(expansion_key(expansion, acronym), expansion)
    return list(by_key.values())


def expansion_key(expansion: str, acronym: str) -> str:
    """A long form with what does not make it another name folded away: case, punctuation, spaces and hyphens
    ("Post Synaptic" / "Postsynaptic"), a leading "the", plural and possessive endings, and words after the
    shortest start whose initials, or whose one word, spell the acronym ("Wild-Type protein" for WT, "Viral Vector
    Facility of" for VVF, "Strychnine, S0532-5G, sigma" for STY)."""
    words = _LEADING_THE.sub("", fold(_POSSESSIVE.sub("", expansion))).split()  # fold splits "Wild-Type"
    letters = acronym_letters(acronym)
    if words and _spells(letters, words[0]):
        words = words[:1]
    for end in range(1, len(words) + 1):
        if initials(" ".join(words[:end]), skip_function_words=True) == letters:
            words = words[:end]
            break
    return "".join(word.removesuffix("s") for word in words)


def _spells(letters: str, word: str) -> bool:
    """Does one word spell the acronym ("Strychnine" for STY): its first letter, then the others in order?"""
    rest = iter(word[1:])
    return word[:1] == letters[:1] and all(letter in rest for letter in letters[1:])


@rule("ENT002", "acronym-two-expansions", Severity.WARNING)
def acronym_two_expansions(context: CheckContext) -> Iterator[Finding]:
    """An acronym is expanded in two different ways.

    What it does: reports clusters whose acronym has two or more long forms that still differ after folding
    case, punctuation and a leading "the"; the finding is placed at the first occurrence of the second form.

    Why it matters: readers cannot tell whether the two long forms are one organisation or two.

    Example:
        "Shanghai Cooperation Organization (SCO)" ... "cooperation with the Shanghai Security Organization"
    """
    for cluster in context.annotation.clusters:
        acronym = next((form for form in sorted(cluster.forms) if form.isupper() and " " not in form), cluster.name)
        expansions = distinct_expansions(cluster, acronym)
        if len(expansions) < 2:
            continue
        first, *others = expansions
        for other in others:
            span = _first_occurrence(context, cluster, other)
            if span is None:
                continue
            yield context.finding(
                *span,
                f"'{acronym}' is expanded as '{first}' and as '{other}'",
                suggestion=f"Use one expansion of '{acronym}' throughout",
            )
