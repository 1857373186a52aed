"""Training and tagging with the CRF, the house-style training strings and the shipped model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cite.fieldtagger import labelled_tokens
from pipeline.cite.fieldtagger.augment import STYLES, JournalArticle, TitledWork, acl_proceedings, restyled, web_page
from pipeline.cite.fieldtagger.tagger import MODEL_PATH, Example, FieldTagger, default_tagger, train, training_digest
from pipeline.cite.tagged_fields import tagger_hints
from pipeline.errors import InputError
from pipeline.evaluate.refstring_gold import (
    model_card_path,
    read_gold,
    train_on,
    trained_on,
    training_examples,
    training_strings,
)

TRAINING_DATA = Path(__file__).resolve().parents[3] / "training-data"
ARTICLE = JournalArticle((("Dolai", "Sukanta"), ("Raja", "K. P.")), "2011", "Clicked conjugates of curcumin",
                         "ACS Chem. Neurosci.", "2", "12", "694–699")


def _examples(labelled: list[list[tuple[str, str]]]) -> list[Example]:
    examples = []
    for tokens in labelled:
        words = [token for token, _ in tokens]
        examples.append(Example(words, [label for _, label in tokens], tagger_hints(" ".join(words))))
    return examples


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.__name__)
def test_every_house_style_labels_title_and_container(style) -> None:
    tokens = labelled_tokens(tuple(style(ARTICLE)))
    words = {label: " ".join(t for t, lab in tokens if lab == label) for label in ("author", "title", "container")}
    assert words["title"].rstrip(".") == "Clicked conjugates of curcumin"
    assert words["container"].rstrip(".,") in {"ACS Chem. Neurosci", "ACS Chem Neurosci"}
    assert "Dolai" in words["author"] and "Raja" in words["author"]


def test_house_styles_write_what_they_are_named_after() -> None:
    texts = {style.__name__: "".join(p.text for p in style(ARTICLE)) for style in STYLES}
    assert texts["elife"].startswith("Dolai S, Raja KP. 2011. Clicked conjugates of curcumin. ACS Chem. Neurosci. 2:")
    assert "ACS Chem Neurosci. 2011;2(12):694–699." in texts["vancouver"]
    assert texts["apa"].startswith("Dolai, S., & Raja, K. P. (2011).")
    assert texts["nature"].endswith("2, 694–699 (2011).")
    assert "DOI: https://doi.org/10.5555/" in texts["elife_online"] and ":694" not in texts["elife_online"]
    assert texts["acl"] == ("Sukanta Dolai and K. P. Raja. 2011. Clicked conjugates of curcumin. ACS Chem. Neurosci., "
                            "2(12):694–699.")


def test_acl_proceedings_paper_has_in_and_pages() -> None:
    work = TitledWork((("Dolai", "Sukanta"), ("Raja", "K."), ("Lund", "Ulla")), "2011", "A title",
                      "Proceedings of EMNLP", "12–20")
    assert "".join(p.text for p in acl_proceedings(work)) == ("Sukanta Dolai, K. Raja, and Ulla Lund. 2011. A title. "
                                                             "In Proceedings of EMNLP, pages 12–20.")


def test_restyling_is_deterministic_and_covers_web_pages() -> None:
    pages = [TitledWork((("Karimov", "N."),), "2021", f"Page {i}") for i in range(6)]
    first, second = list(restyled([ARTICLE] * 3, pages)), list(restyled([ARTICLE] * 3, pages))
    assert first == second and len(first) == 3 * 2 + 2  # no containers: no proceedings papers
    web = "".join(p.text for p in web_page(pages[1], 1))
    assert web.startswith("Karimov, N. (2021, March 2). Page 1. Retrieved from https://www.example.org/page-1")


def test_training_is_deterministic_and_the_model_tags(tmp_path: Path) -> None:
    examples = _examples([labelled_tokens(tuple(style(ARTICLE))) for style in STYLES] * 3)
    train(examples, tmp_path / "a.crfsuite")
    train(examples, tmp_path / "b.crfsuite")
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()
    text = "Dolai S, Raja KP. 2011. Clicked conjugates of curcumin. ACS Chem. Neurosci. 2:694–699."
    tagging = FieldTagger(tmp_path / "a.crfsuite").tag(text, lambda tokens: tagger_hints(text))
    labels = {text[s.start:s.end]: s.label for s in tagging.segments}
    assert labels["Clicked conjugates of curcumin."] == "title"
    assert 0.0 < tagging.confidence <= 1.0
    assert not list(tmp_path.glob("*.training"))  # the scratch file is gone


def _parscit_subset(shared_dir: Path, directory: Path, lines: slice) -> Path:
    """A training directory holding some of the ParsCit strings of corpus-dev."""
    source = shared_dir / "corpus-dev" / "refstrings" / "parscit-cora.tagged.txt"
    directory.mkdir()
    chosen = source.read_text(encoding="utf-8").splitlines()[lines]
    (directory / "parscit-cora.tagged.txt").write_text("\n".join(chosen) + "\n", encoding="utf-8")
    return directory


def test_model_card_names_the_training_set(shared_dir: Path, tmp_path: Path) -> None:
    first = _parscit_subset(shared_dir, tmp_path / "first", slice(0, 60))
    other = _parscit_subset(shared_dir, tmp_path / "other", slice(60, 120))
    model = tmp_path / "fields.crfsuite"
    assert train_on(first, model) == len(list(read_gold(first))) == 60
    assert model.exists() and model_card_path(model).exists()
    assert trained_on(first, model)
    assert not trained_on(other, model)


def test_a_folder_without_tagged_strings_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no tagged reference strings"):
        list(read_gold(tmp_path))


def test_the_shipped_model_is_in_the_package_and_loads() -> None:
    assert MODEL_PATH.exists(), "run `make train-refs` to train the field tagger"
    assert default_tagger() is not None


def test_the_shipped_model_is_what_training_gives_today(shared_dir: Path) -> None:
    """A change to features, hints or the rules changes what the tagger should have learnt: the committed model must
    be re-trained (`make train-refs`). Training is deterministic, so the model card's digest of the training input
    (every feature, label and parameter) standing equal to today's means re-training would give the same model."""
    gold, extra = training_strings(shared_dir / "corpus-dev" / "refstrings", TRAINING_DATA)
    card = json.loads(model_card_path(MODEL_PATH).read_text(encoding="utf-8"))
    assert card["trained_on"]["strings"] == len(gold) and card["also"]["strings"] == len(extra)
    assert card["training_input_sha256"] == training_digest(training_examples(gold + extra)), \
        "the shipped field tagger is stale: run `make train-refs`"


def test_training_returns_the_digest_of_its_input(tmp_path: Path) -> None:
    examples = _examples([[("Smith,", "author"), ("J.", "author"), ("2001.", "date"), ("A", "title"),
                           ("title.", "title"), ("Nature", "container"), ("1:2.", "volume")]] * 3)
    assert train(examples, tmp_path / "m.crfsuite") == training_digest(examples)
    changed = [examples[0]._replace(labels=["author"] * 7), *examples[1:]]
    assert training_digest(changed) != training_digest(examples)
