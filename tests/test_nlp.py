"""spaCy loading: ner only, cached, and loaded in the background while the cite stage runs."""

from __future__ import annotations

import threading

import pytest

import pipeline.nlp
from pipeline.errors import UsageError
from pipeline.nlp import DEFAULT_MODEL, load_nlp, preload_nlp


def test_preloaded_model_is_the_one_load_nlp_returns():
    preload_nlp(DEFAULT_MODEL)
    nlp = load_nlp(DEFAULT_MODEL)
    assert nlp.pipe_names == ["ner"]
    assert load_nlp(DEFAULT_MODEL) is nlp
    assert DEFAULT_MODEL not in pipeline.nlp._preloading  # load_nlp waited for the thread and forgot it


def test_preload_runs_in_another_thread_and_load_waits_for_it(monkeypatch):
    loaded_in: list[str] = []
    release = threading.Event()
    real = load_nlp(DEFAULT_MODEL)

    def slow_load(model, *, exclude):
        release.wait(timeout=10)
        loaded_in.append(threading.current_thread().name)
        return real

    monkeypatch.setattr(pipeline.nlp, "_load", slow_load)
    pipeline.nlp._load_ner.cache_clear()
    try:
        preload_nlp("some_model")  # returns at once: the load is waiting on ``release``
        assert loaded_in == []
        release.set()
        assert load_nlp("some_model") is real
        assert loaded_in == ["load some_model"]  # loaded once, by the preloading thread
    finally:
        pipeline.nlp._load_ner.cache_clear()


def test_preload_of_a_missing_model_raises_only_when_it_is_needed(monkeypatch):
    unhandled: list[object] = []
    monkeypatch.setattr(threading, "excepthook", unhandled.append)
    preload_nlp("no_such_model_xyz")
    with pytest.raises(UsageError, match="no_such_model_xyz.*not installed"):
        load_nlp("no_such_model_xyz")
    assert unhandled == []  # the thread's failure was not printed as a crash; the caller got it as a message
