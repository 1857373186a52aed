"""ENT rules: each has a case that fires and one that must stay quiet."""

from __future__ import annotations

from annotation_builders import annotate, cluster, document, entity, findings_of

from pipeline.check import CheckConfig, explain
from pipeline.check.rules.entities import distinct_expansions
from pipeline.model import Severity

TEXT = """Title

Armenian Prime Minister Pashinan took part in the gathering. The Prime Minister of Armenia, Nikol Pashinyan,
thanked Russia. The Shanghai Cooperation Organization (SCO) met. Serbia has certain cooperation with the
Shanghai Security Organization. The Collective Security Treaty Organization (CSTO) and the collective security
treaty organization agree.
"""


def _annotation(**pashinyan):
    doc = document(TEXT)
    entities = (
        entity(doc, "Pashinan", "e1", "pas", "PERSON"),
        entity(doc, "Nikol Pashinyan", "e2", "pas", "PERSON"),
        entity(doc, "Shanghai Cooperation Organization", "e3", "sco"),
        entity(doc, "SCO", "e4", "sco", after="Organization ("),
        entity(doc, "Shanghai Security Organization", "e5", "sco"),
    )
    clusters = (
        cluster("pas", "Nikol Pashinyan", "PERSON", forms=("Nikol Pashinyan", "Pashinan"),
                **({"variants": ("Pashinan",)} | pashinyan)),
        cluster("sco", "Shanghai Cooperation Organization", forms=("SCO", "Shanghai Cooperation Organization",
                                                                     "Shanghai Security Organization"),
                expansions=("Shanghai Cooperation Organization", "Shanghai Security Organization")),
        cluster("csto", "Collective Security Treaty Organization", forms=("CSTO",),
                expansions=("Collective Security Treaty Organization", "the collective security treaty organization")),
    )
    return annotate(doc, entities=entities, clusters=clusters)


def test_ent001_fires_on_a_variant_spelling_at_its_first_occurrence():
    findings = findings_of("ENT001", _annotation())
    assert [(f.snippet, f.severity) for f in findings] == [("Pashinan", Severity.WARNING)]
    assert findings[0].suggestion == "Use one spelling: 'Pashinyan'"


def test_ent001_quiet_without_variants_or_for_configured_aliases():
    assert findings_of("ENT001", _annotation(variants=())) == []
    config = CheckConfig(aliases={"Nikol Pashinyan": ("Pashinan",)})
    assert findings_of("ENT001", _annotation(), config) == []


def test_ent002_fires_on_two_expansions_but_not_on_case_or_the():
    findings = findings_of("ENT002", _annotation())
    assert [f.snippet for f in findings] == ["Shanghai Security Organization"]
    assert findings[0].message == (
        "'SCO' is expanded as 'Shanghai Cooperation Organization' and as 'Shanghai Security Organization'"
    )


def test_ent002_quiet_for_a_single_expansion():
    annotation = _annotation()
    single = tuple(c for c in annotation.clusters if c.id != "sco")
    assert findings_of("ENT002", annotate(annotation.document, clusters=single)) == []


def test_explain_prints_the_docstring_of_every_ent_rule():
    for code in ("ENT001", "ENT002"):
        assert "Why it matters" in explain(code)


def test_ent002_folds_plurals_spacing_and_words_past_the_acronym_but_not_a_changed_word():
    """From the eLife papers of corpus-dev: long forms that differ only in a plural, a possessive, a space or in
    words after those the acronym spells are one expansion; "International" for "Institutional" is another."""
    expansions = {
        "PcG": ("Polycomb group", "Polycomb groups"),
        "PR": ("photoreceptor", "photoreceptor's"),
        "PSD": ("Post Synaptic Densities", "Postsynaptic densities"),
        "WT": ("Wild-Type", "Wild-Type protein"),
        "VVF": ("Viral Vector Facility", "Viral Vector Facility of"),
        "STY": ("Strychnine", "Strychnine, S0532-5G, sigma"),
        "IACUC": ("Institutional Animal Care and Use Committee", "International Animal Care and Use Committee"),
    }
    doc = document("Title\n\n" + " ".join(f"{a} ({short}) and {b}." for short, (a, b) in expansions.items()) + "\n")
    clusters = tuple(cluster(f"c{n}", short, forms=(short,), expansions=longs)
                     for n, (short, longs) in enumerate(expansions.items()))
    findings = findings_of("ENT002", annotate(doc, clusters=clusters))
    assert [f.snippet for f in findings] == ["International Animal Care and Use Committee"]
    assert [len(distinct_expansions(c, c.name)) for c in clusters] == [1, 1, 1, 1, 1, 1, 2]


def test_ent001_names_the_whole_spelling_when_the_variant_runs_it_together():
    """eLife 04796 writes "Cav1 KO" and "Cav1KO": the suggestion is the spaced name, not its first word."""
    doc = document("Title\n\nThe Cav1 KO mice differ. Cav1KO mice were kept apart.\n")
    entities = (entity(doc, "Cav1 KO", "e1", "cav"), entity(doc, "Cav1KO", "e2", "cav"))
    clusters = (cluster("cav", "Cav1 KO", forms=("Cav1 KO", "Cav1KO"), variants=("Cav1KO",)),)
    findings = findings_of("ENT001", annotate(doc, entities=entities, clusters=clusters))
    assert [(f.snippet, f.suggestion) for f in findings] == [("Cav1KO", "Use one spelling: 'Cav1 KO'")]
