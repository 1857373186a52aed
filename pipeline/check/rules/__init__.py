"""The rule catalogue, one module per code family; importing this package registers every rule."""

from pipeline.check.rules import citations, dates, entities, references, style

__all__ = ["citations", "dates", "entities", "references", "style"]
