# GCM Hub: `make run` serves the platform with the real work plan loaded; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
WORKPLAN := data/draft-multi-annual-work-plan.txt
LOCALE := src/gcmhub/locale
PO_FILES := $(wildcard $(LOCALE)/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run setup test lint imports typecheck pytest mutation test-browser test-postgres messages makemessages bench clean

# `gcmhub serve` runs gunicorn and a background worker (`gcmhub db_worker`); Ctrl-C stops both (docs/jobs.md).
# The steps before `rebuild_index` skip the system checks, which would warn that the index they are about to
# build is missing; `gcmhub check` then runs every check once, with everything in place.
run: setup
	$(BIN)/gcmhub migrate --noinput --skip-checks
	$(BIN)/gcmhub load_reference --skip-checks
	$(BIN)/gcmhub load_platforms --skip-checks
	$(BIN)/gcmhub import_workplan $(WORKPLAN) --skip-checks
	$(BIN)/gcmhub rebuild_index --skip-checks
	$(BIN)/gcmhub check
	$(BIN)/gcmhub ensure_admin
	$(BIN)/gcmhub collectstatic --noinput --verbosity 0
	$(BIN)/gcmhub serve

setup: $(STAMP) $(MO_FILES)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Compiled catalogues are build products; msgfmt checks each one as it compiles it.
%.mo: %.po
	msgfmt --check-format -o $@ $<

messages: $(MO_FILES)

makemessages: $(STAMP)
	cd src/gcmhub && ../../$(BIN)/gcmhub makemessages --no-obsolete --no-location -l ar -l es -l fr -l ru -l zh_Hans

test: setup lint imports typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# The dependency rules between apps (DESIGN.md section 3) as import-linter contracts in pyproject.toml.
imports: $(STAMP)
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: setup
	$(BIN)/gcmhub makemigrations --check --dry-run
	$(BIN)/pytest -q -n 2

# Browser journeys in Debian's chromium (`apt-get install chromium`); .ci/run installs it.
test-browser: setup
	$(BIN)/pytest -q -m browser -p no:xdist

# The whole suite (tests marked `postgres` included) on a running PostgreSQL; docs/testing.md sets one up.
PG_DATABASE_URL ?= postgres://gcmhub:gcmhub@127.0.0.1:5432/gcmhub
test-postgres: setup
	DATABASE_URL=$(PG_DATABASE_URL) $(BIN)/pytest -q -n 2 -m "not browser"

# Mutation testing of the critical modules named in pyproject.toml ([tool.mutmut]); slow, so run on purpose.
# The survivors and why each is accepted are in docs/testing.md.
# Each mutant's test session copies the test database the first session built and kept in mutants/.
mutation: setup
	rm -rf mutants
	GCMHUB_TEST_DATABASE_TEMPLATE=$(CURDIR)/mutants/test-database.sqlite3 nice $(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

bench: setup
	$(BIN)/python bench/import_workplan.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache $(MO_FILES)
