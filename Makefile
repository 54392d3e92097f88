# Two commands for a fresh Debian/Ubuntu machine: `make run` and `make test`.
.PHONY: setup run test lint translations vendor

setup:
	bash scripts/setup.sh

run: setup
	bash scripts/run.sh

test: setup
	bash scripts/test.sh $(PYTEST_ARGS)

lint: setup
	.venv/bin/ruff check outreach geo tests

# Refresh the message catalogues after changing user-facing text.
translations: setup
	.venv/bin/pybabel extract -F babel.cfg -k _l -o outreach/translations/messages.pot .
	.venv/bin/pybabel update -i outreach/translations/messages.pot -d outreach/translations
	.venv/bin/python scripts/translate_en.py
	.venv/bin/pybabel compile -d outreach/translations

vendor:
	bash scripts/vendor.sh
