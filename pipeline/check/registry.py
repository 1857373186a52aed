"""The rule registry: every check is a small function registered once with a stable code.

A rule is ``(context: CheckContext) -> Iterable[Finding]``, registered with::

    @rule("REF001", "duplicate-reference", Severity.ERROR)
    def duplicate_reference(context: CheckContext) -> Iterator[Finding]:
        '''What it does / Why it matters / Example'''

Codes (REF, CIT, DAT, ENT, STY + three digits) are never reused; the docstring is what ``explain`` prints.
The location of a finding is filled in from its span (``Document.locate``), never written into its message.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from pipeline.errors import UsageError
from pipeline.model import Annotation, Citation, Finding, Reference, Severity

CODE_PATTERN = re.compile(r"^(REF|CIT|DAT|ENT|STY)\d{3}$")
CODE_PREFIXES = ("REF", "CIT", "DAT", "ENT", "STY")
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SPACES = re.compile(r"\s+")
SNIPPET_LIMIT = 160
CONTEXT_CHARS = 20  # either side of a span: ~40 characters of context for the fingerprint
STYLES = ("auto", "author-date", "numeric")


@dataclass(frozen=True)
class AnchoredFinding(Finding):
    """A ``Finding`` that remembers a digest of the text around its span, so its fingerprint survives edits
    elsewhere in the draft (offsets shift; the words around the problem do not)."""

    context_digest: str = ""


@dataclass(frozen=True)
class CheckConfig:
    """What to check and how strictly. Codes in ``select``/``ignore``/``severity`` may be prefixes ("REF")."""

    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_level: Severity = Severity.ERROR
    style: str = "auto"  # auto | author-date | numeric
    draft_date: date | None = None
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # canonical name -> other names

    def is_enabled(self, code: str) -> bool:
        """The most specific matching selector wins (``ignore`` on a tie), as in ruff."""
        selected = _longest_prefix(code, self.select) if self.select else 0
        ignored = _longest_prefix(code, self.ignore)
        if self.select and selected < 0:
            return False
        return ignored < 0 or selected > ignored

    def severity_of(self, code: str, default: Severity) -> Severity:
        best = _longest_prefix(code, tuple(self.severity))
        if best < 0:
            return default
        return next(level for prefix, level in self.severity.items() if code.startswith(prefix) and len(prefix) == best)


def _longest_prefix(code: str, prefixes: Iterable[str]) -> int:
    """Length of the longest prefix of ``code`` among ``prefixes``; -1 when none matches."""
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    check: Callable[[CheckContext], Iterable[Finding]]

    @property
    def summary(self) -> str:
        """The first line of the docstring: a one-sentence description."""
        return self.doc.strip().splitlines()[0].strip()


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity) -> Callable[[Callable], Callable]:
    """Register a check function under a stable code and kebab-case name."""

    def register(function: Callable[[CheckContext], Iterable[Finding]]) -> Callable:
        if not CODE_PATTERN.match(code):
            raise ValueError(f"rule code {code!r} must be REF/CIT/DAT/ENT/STY + 3 digits")
        if not _KEBAB.match(name):
            raise ValueError(f"rule name {name!r} must be kebab-case")
        if code in RULES or any(r.name == name for r in RULES.values()):
            raise ValueError(f"rule {code} {name} is registered twice")
        doc = inspect.getdoc(function)
        if not doc or "Why it matters" not in doc:
            raise ValueError(f"rule {code} needs a docstring with 'What it does / Why it matters / Example'")
        RULES[code] = Rule(code, name, severity, doc, function)
        return function

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by code (importing the rule modules registers them)."""
    import pipeline.check.rules  # noqa: F401  (registration happens on import)

    return [RULES[code] for code in sorted(RULES)]


def find_rule(code_or_name: str) -> Rule:
    rules = {r.code: r for r in all_rules()}
    wanted = code_or_name.strip()
    found = rules.get(wanted.upper()) or next((r for r in rules.values() if r.name == wanted.lower()), None)
    if found is None:
        raise UsageError(None, f"unknown rule {code_or_name!r}", "list the rules with `annocite explain --all`")
    return found


def explain(code: str) -> str:
    """The documentation of one rule (by code or name), as ``annocite explain CODE`` prints it."""
    found = find_rule(code)
    return f"{found.code} ({found.name})\nDefault severity: {found.severity.value}\n\n{found.doc}\n"


def is_known_selector(selector: str) -> bool:
    """True for a rule code or a prefix of one ("REF", "CIT00")."""
    return bool(selector) and any(r.code.startswith(selector) for r in all_rules())


# --- findings ---------------------------------------------------------------------------------


def snippet_of(text: str, start: int, end: int) -> str:
    """The quoted text of a span on one line, shortened to ``SNIPPET_LIMIT`` characters."""
    quoted = _SPACES.sub(" ", text[start:end]).strip()
    if len(quoted) > SNIPPET_LIMIT:
        quoted = quoted[: SNIPPET_LIMIT - 1].rstrip() + "…"
    return quoted


def context_digest(text: str, start: int, end: int) -> str:
    """A short hash of the words around a span, whitespace-normalised so reflowed text hashes the same."""
    before = _SPACES.sub(" ", text[max(0, start - CONTEXT_CHARS * 2) : start])[-CONTEXT_CHARS:]
    after = _SPACES.sub(" ", text[end : end + CONTEXT_CHARS * 2])[:CONTEXT_CHARS]
    return hashlib.sha256(f"{before}\x00{after}".encode()).hexdigest()[:12]


def fingerprint(finding: Finding) -> str:
    """A stable id of a finding for baselines and accepted curations: code + document + snippet + context.

    It does not contain offsets, so it stays the same when text is added or removed elsewhere in the draft.
    """
    context = finding.context_digest if isinstance(finding, AnchoredFinding) else ""
    material = "\x00".join((finding.code, finding.document, finding.snippet, context))
    return f"{finding.code}-{hashlib.sha256(material.encode()).hexdigest()[:16]}"


# --- running ----------------------------------------------------------------------------------


class CheckContext:
    """What a rule sees: the annotation, the configuration, and helpers to make findings at a span."""

    def __init__(self, annotation: Annotation, config: CheckConfig) -> None:
        self.annotation = annotation
        self.config = config
        self.document = annotation.document
        self.text = annotation.document.text
        self.rule: Rule | None = None  # set by run_checks while a rule runs

    @cached_property
    def references_by_id(self) -> dict[str, Reference]:
        return {reference.id: reference for reference in self.annotation.references}

    @cached_property
    def citations_in_order(self) -> tuple[Citation, ...]:
        return tuple(sorted(self.annotation.citations, key=lambda c: (c.start, c.end, c.id)))

    def finding(
        self,
        start: int,
        end: int,
        message: str,
        *,
        suggestion: str | None = None,
        references: Iterable[str] = (),
        uncertain: bool = False,
    ) -> Finding:
        """A finding of the running rule at ``text[start:end]``, located and quoted.

        ``uncertain`` findings (the evidence may be an extraction mistake rather than the author's) are one level
        below the rule's configured severity; the message must say why.
        """
        if self.rule is None:
            raise RuntimeError("internal error: CheckContext.finding called outside run_checks")
        severity = self.config.severity_of(self.rule.code, self.rule.severity)
        if uncertain:
            severity = lowered(severity)
        start, end = max(0, start), min(len(self.text), max(start, end))
        location = self.document.locate(start)
        return AnchoredFinding(
            code=self.rule.code,
            rule=self.rule.name,
            severity=severity,
            message=message,
            document=self.document.id,
            start=start,
            end=end,
            page=location.page,
            line=location.line,
            column=location.column,
            snippet=snippet_of(self.text, start, end),
            suggestion=suggestion,
            references=tuple(dict.fromkeys(references)),
            context_digest=context_digest(self.text, start, end),
        )


def lowered(severity: Severity) -> Severity:
    """One level less severe (error -> warning -> info; info stays info)."""
    return {Severity.ERROR: Severity.WARNING, Severity.WARNING: Severity.INFO}.get(severity, Severity.INFO)


def sort_key(finding: Finding) -> tuple:
    return (finding.document, finding.start, finding.code, finding.end, finding.message)


def run_checks(
    annotation: Annotation, config: CheckConfig | None = None, *, accepted: set[str] | frozenset[str] = frozenset()
) -> list[Finding]:
    """Run every enabled rule on one annotation; findings whose fingerprint is in ``accepted`` are dropped."""
    config = config or CheckConfig()
    context = CheckContext(annotation, config)
    findings: list[Finding] = []
    for registered in all_rules():
        if not config.is_enabled(registered.code):
            continue
        context.rule = registered
        findings.extend(f for f in registered.check(context) if fingerprint(f) not in accepted)
    context.rule = None
    return sorted(findings, key=sort_key)
