"""The JSON Schemas shipped with the package (``schema.json``, ``curations.schema.json``) and their validation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, validators

_MAX_MESSAGE = 160


def _is_strict_integer(_checker: Any, instance: Any) -> bool:
    # JSON Schema counts 3.0 as an integer; offsets must be real ints so slicing and round trips stay exact.
    return isinstance(instance, int) and not isinstance(instance, bool)


_StrictValidator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_strict_integer),
)


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    pointer: str  # JSON path, e.g. "$.citations[3].items[0].status"
    message: str


def load_schema(name: str) -> dict[str, Any]:
    """A schema file of ``pipeline.corpus`` (package data) as a dict."""
    return json.loads(_schema_text(name))


@cache
def _schema_text(name: str) -> str:
    return resources.files("pipeline.corpus").joinpath(name).read_text(encoding="utf-8")


@cache
def _validator(name: str) -> Any:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    # Local "$ref"s resolved once here: reference lookups were three quarters of the validation time.
    return _StrictValidator(_inline_refs(schema, schema.get("$defs", {}), ()))


def _inline_refs(node: Any, definitions: dict[str, Any], seen: tuple[str, ...]) -> Any:
    """The schema with every ``{"$ref": "#/$defs/x", ...}`` replaced by definition x (sibling keywords kept)."""
    if isinstance(node, list):
        return [_inline_refs(item, definitions, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.removeprefix("#/$defs/")
        if name in seen:
            raise ValueError(f"recursive schema definition {name!r} cannot be inlined")
        siblings = {key: _inline_refs(value, definitions, seen) for key, value in node.items() if key != "$ref"}
        return {**_inline_refs(definitions[name], definitions, (*seen, name)), **siblings}
    return {key: _inline_refs(value, definitions, seen) for key, value in node.items() if key != "$defs"}


def schema_issues(data: Any, name: str) -> list[SchemaIssue]:
    """Every violation of schema ``name`` in ``data``, in document order (deterministic)."""
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: (_path_key(e.absolute_path), e.message))
    return [SchemaIssue(error.json_path, _shorten(error.message)) for error in errors]


def _path_key(path: Any) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, part) if isinstance(part, int) else (1, str(part)) for part in path)


def _shorten(message: str) -> str:
    # jsonschema quotes the offending value: the whole document text would drown the message.
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 1] + "…"
