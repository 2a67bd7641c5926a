# Quick start: `make demo` and `make test` set up .venv on first use.
PYTHON ?= python3.11
VENV ?= .venv
STAMP := $(VENV)/.setup-done
SETUP_INPUTS := setup.py tools/setup_env.sh $(wildcard requirements/*.txt)
RUN := PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/python

.PHONY: setup demo test

setup: $(STAMP)

$(STAMP): $(SETUP_INPUTS)
	PYTHON=$(PYTHON) VENV=$(VENV) bash tools/setup_env.sh
	touch $@

demo: $(STAMP)
	$(RUN) tools/train.py configs/toy_gan.py

test: $(STAMP)
	$(RUN) -m pytest tests
