"""First start: `make run` warns about nothing it is about to build (the search index), the README names the
sample data command, and every page has a favicon that the site serves itself."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def run_recipe() -> list[str]:
    """The `gcmhub` commands of the Makefile's `run` target, in order."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe is not None, "the Makefile should have a run target"
    return [line.split("gcmhub ", 1)[1] for line in recipe.group(1).splitlines() if "gcmhub " in line]


def test_make_run_checks_the_system_once_the_index_is_built() -> None:
    steps = run_recipe()
    verbs = [step.split()[0] for step in steps]
    built = verbs.index("rebuild_index")
    assert all("--skip-checks" in step for step in steps[: built + 1]), steps
    assert verbs.index("check") == built + 1, steps


def test_the_readme_names_the_sample_data_command() -> None:
    assert "gcmhub load_demo" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_every_page_links_a_favicon_the_site_serves(client: Client) -> None:
    html = client.get(reverse("workplan:home")).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html)
    assert icon is not None
    assert finders.find(icon.group(1).split("/static/", 1)[1])
