"""The seed through the real pipeline (extract, cite, annotate, check), read as an editor would: each defect the
issue names is reported once, at its line, and there is little else at error level."""

from __future__ import annotations

from pipeline.check import CheckConfig, run_checks
from pipeline.model import Severity


def _findings(seed_annotation):
    return run_checks(seed_annotation, CheckConfig())


def test_seed_error_findings_are_the_known_defects_once_each(seed_annotation):
    errors = [(f.code, f.line, f.snippet[:27]) for f in _findings(seed_annotation) if f.severity == Severity.ERROR]
    assert errors == [
        ("CIT002", 19, "CSTO, 2022e"),  # two "CSTO. (2022e)." entries
        ("CIT007", 41, "*Ibid.*, p. 31"),  # right after "(Ibid., pp. 17, 21, 25; Petrović, 2010, p. 85)"
        ("CIT001", 41, "CSTO, 2022f"),  # the list stops at 2022e
        ("CIT003", 61, "President of Russia, May 16"),  # entry (2022, May 15); one finding, not CIT003 + CIT004
        ("REF002", 77, "CSTO. (2022e). Documents. R"),
        ("REF001", 91, "Rajić Nikola, Gajić Aleksan"),  # the 2020 article again, in another format
    ]


def test_seed_messages_say_what_an_editor_needs(seed_annotation):
    by_code = {f.code: f for f in _findings(seed_annotation) if f.severity == Severity.ERROR}
    assert by_code["CIT001"].suggestion.startswith("Did you mean 'CSTO 2022e (CSTO Permanent Council)'")
    assert "(no year)" in by_code["CIT003"].message and "2022, May 15" in by_code["CIT003"].message
    assert "CSTO Permanent Council" in by_code["CIT002"].message and "Documents" in by_code["CIT002"].message


def test_seed_pashinan_is_reported_once_and_the_duplicate_is_not_also_uncited(seed_annotation):
    findings = _findings(seed_annotation)
    assert [(f.code, f.line) for f in findings if "Pashinan" in f.snippet] == [("ENT001", 61)]
    assert [f.code for f in findings if f.line == 91 and f.code.startswith("REF")] == ["REF001"]
