"""The check stage: a registry of coded rules run over one ``Annotation``.

    findings = run_checks(annotation, CheckConfig(draft_date=date(2022, 6, 1)), accepted={...})
    print(explain("CIT001"))
"""

from pipeline.check.registry import (
    AnchoredFinding,
    CheckConfig,
    CheckContext,
    Rule,
    all_rules,
    explain,
    fingerprint,
    rule,
    run_checks,
)

__all__ = [
    "AnchoredFinding",
    "CheckConfig",
    "CheckContext",
    "Rule",
    "all_rules",
    "explain",
    "fingerprint",
    "rule",
    "run_checks",
]
