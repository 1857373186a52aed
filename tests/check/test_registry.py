"""The rule registry: registration rules, selection, severities, sorting, fingerprints, explain."""

from __future__ import annotations

import pytest
from annotation_builders import annotate, citation, document, item

from pipeline.check import CheckConfig, all_rules, explain, fingerprint, rule, run_checks
from pipeline.check.registry import CODE_PATTERN, RULES
from pipeline.errors import UsageError
from pipeline.model import Finding, LinkStatus, Severity

DOC = "{D}\n\nAn opening sentence stays here. The first claim (Kim, 2031). Another claim (Kim, 2031).\n"


def _missing_twice(prefix: str = "Title"):
    doc = document(DOC.replace("{D}", prefix))
    items = [item(doc, "Kim, 2031", occurrence=n, status=LinkStatus.MISSING, year=2031) for n in (1, 2)]
    return annotate(doc, citations=tuple(citation(doc, f"c{n}", i) for n, i in enumerate(items, 1)))


def test_every_rule_has_a_valid_code_kebab_name_and_documented_docstring():
    rules = all_rules()
    assert len(rules) >= 25
    assert [r.code for r in rules] == sorted(r.code for r in rules)
    for registered in rules:
        assert CODE_PATTERN.match(registered.code)
        assert all(part in registered.doc for part in ("What it does", "Why it matters", "Example"))


@pytest.mark.parametrize(
    ("code", "name", "doc", "problem"),
    [
        ("XYZ001", "fine-name", "Doc.\n\nWhy it matters: x", "REF/CIT/DAT/ENT/STY"),
        ("REF900", "Not_Kebab", "Doc.\n\nWhy it matters: x", "kebab-case"),
        ("REF901", "no-docstring", None, "docstring"),
        ("REF001", "reused-code", "Doc.\n\nWhy it matters: x", "registered twice"),
    ],
)
def test_rule_registration_refuses_bad_rules(code, name, doc, problem):
    def check(context):
        return []

    check.__doc__ = doc
    with pytest.raises(ValueError, match=problem):
        rule(code, name, Severity.ERROR)(check)
    assert code not in RULES or RULES[code].name != name


def test_select_and_ignore_most_specific_wins():
    config = CheckConfig(select=("REF", "CIT001"), ignore=("REF004", "CIT"))
    assert config.is_enabled("REF001") and not config.is_enabled("REF004")
    assert config.is_enabled("CIT001") and not config.is_enabled("CIT002")
    assert not config.is_enabled("DAT001")
    assert not CheckConfig(ignore=("STY",)).is_enabled("STY001")
    assert CheckConfig().is_enabled("ENT002")


def test_run_checks_sorts_applies_severity_and_selection():
    annotation = _missing_twice()
    findings = run_checks(annotation, CheckConfig(severity={"CIT001": Severity.WARNING}))
    assert [(f.code, f.severity) for f in findings] == [("CIT001", Severity.WARNING)] * 2
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert findings[0].line == 3 and findings[0].column == annotation.document.text.index("Kim") - 7 + 1
    assert run_checks(annotation, CheckConfig(ignore=("CIT001",))) == []


def test_fingerprint_survives_shifted_offsets_and_separates_contexts():
    before = run_checks(_missing_twice())
    after = run_checks(_missing_twice("A much longer title that moves every offset"))
    assert [f.start for f in before] != [f.start for f in after]
    assert [fingerprint(f) for f in before] == [fingerprint(f) for f in after]
    assert fingerprint(before[0]) != fingerprint(before[1])  # same snippet, different words around it
    assert fingerprint(before[0]).startswith("CIT001-")


def test_accepted_fingerprints_are_dropped():
    findings = run_checks(_missing_twice())
    kept = run_checks(_missing_twice(), accepted={fingerprint(findings[0])})
    assert [fingerprint(f) for f in kept] == [fingerprint(findings[1])]


def test_fingerprint_of_a_plain_finding_has_no_context_but_is_stable():
    plain = Finding("REF001", "duplicate-reference", Severity.ERROR, "m", "doc", 1, 2, 1, 1, 2, "x")
    assert fingerprint(plain) == fingerprint(plain) and fingerprint(plain).startswith("REF001-")


def test_explain_by_code_or_name_and_unknown_codes():
    assert explain("cit001") == explain("citation-without-reference")
    assert "Default severity: error" in explain("CIT001")
    with pytest.raises(UsageError, match="unknown rule 'CIT999'"):
        explain("CIT999")
