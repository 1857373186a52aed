"""Tokens, features and rule hints of the reference field tagger."""

from __future__ import annotations

from pipeline.cite.fieldtagger import Piece, labelled_tokens
from pipeline.cite.fieldtagger.features import core, shape, token_features, tokenize
from pipeline.cite.fieldtagger.hints import rule_hints


def test_labelled_tokens_take_the_label_of_their_first_letter() -> None:
    pieces = (Piece("other", "["), Piece("number", "3"), Piece("other", "] "), Piece("title", "Fast things"),
              Piece("other", ". "), Piece("container", "Nature "), Piece("volume", "12"))
    assert labelled_tokens(pieces) == [("[3]", "number"), ("Fast", "title"), ("things.", "title"),
                                       ("Nature", "container"), ("12", "volume")]


def test_labelled_tokens_of_punctuation_only_take_its_piece() -> None:
    assert labelled_tokens((Piece("author", "—— "), Piece("date", "(2010)."))) == [("——", "author"),
                                                                                  ("(2010).", "date")]


def test_tokens_keep_offsets_into_the_text() -> None:
    text = "Doe J.  2010. Title."
    assert [(t.text, text[t.start:t.end]) for t in tokenize(text)] == [(t.text, t.text) for t in tokenize(text)]
    assert [t.text for t in tokenize(text)] == ["Doe", "J.", "2010.", "Title."]


def test_word_core_and_shape() -> None:
    assert core("(2010).") == "2010"
    assert core("“Title") == "Title"
    assert shape("Smith,") == "Xx,"
    assert shape("12(3):45–67.") == "d(d):d–d"  # cut at eight characters


def test_features_mark_years_ranges_initials_and_neighbours() -> None:
    tokens = tokenize("Doe, J. (2010). Title. Journal 12(3):45–67.")
    features = token_features(tokens, ["author", "author", "date", "title", "container", "volume"])
    assert features[1]["k:initials"] == 1.0
    assert features[2]["k:year"] == 1.0 and features[2]["par"] == "1"
    assert features[5]["k:volissue"] == 1.0 and features[5]["yr"] == "True"
    assert features[3]["-1:w"] == "2010" and features[3]["hint"] == "title" and features[3]["hint-1"] == "date"
    assert features[0]["-1:w"] == "BOS"
    assert features[-1]["1:w"] == "EOS"


def test_quote_state_covers_the_quoted_title_only() -> None:
    tokens = tokenize('Doe J, “A quoted title,” Journal 4.')
    quoted = [f["q"] for f in token_features(tokens)]
    assert quoted == ["False", "False", "True", "True", "True", "False", "False"]


def test_rule_hints_label_tokens_by_the_rules_fields() -> None:
    text = "Doe J. 2010. A title here. Nature 465:1–2."
    hints = rule_hints(text, tokenize(text), {"title": "A title here", "container": "Nature"}, 2010, True)
    assert hints == ["author", "author", "date", "title", "title", "title", "container", "none"]


def test_rule_hints_without_authors_leave_the_head_unlabelled() -> None:
    text = "Anon. Title."
    assert rule_hints(text, tokenize(text), {"title": "Title"}, None, False) == ["none", "title"]
