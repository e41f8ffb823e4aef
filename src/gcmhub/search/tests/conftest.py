"""Fixtures for search tests: a private index directory per test, holding only the records the test makes."""

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from gcmhub.search.registry import Registration

# Every test database holds the shipped work plan and the reference countries (see the root conftest.py); the
# search app's own tests count and rank the records they make, so these registrations are left out of them
# (the work plan, fund and countries apps test their own documents).
OTHER_CONTENT = ("workplan", "fund", "reference")


@pytest.fixture(autouse=True)
def search_index(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Each test gets its own empty index directory, and outbox checks are not throttled."""
    from gcmhub.search import expansion, outbox, vector_index
    from gcmhub.search.backends import forget_backends

    settings.GCMHUB_SEARCH_DIR = tmp_path / "search"
    settings.GCMHUB_SEARCH_SYNC_SECONDS = 0
    forget_backends()
    vector_index.forget()  # each test's database has its own vectors and outbox
    expansion.forget()  # names are read from each test's database
    outbox._local.apply_pending = False
    yield settings.GCMHUB_SEARCH_DIR
    forget_backends()
    vector_index.forget()
    outbox._local.apply_pending = False


@pytest.fixture(autouse=True)
def only_the_tests_records() -> Iterator[None]:
    from gcmhub.search.registry import registrations, unregister

    before = registrations()
    for registration in before:
        if registration.model._meta.app_label in OTHER_CONTENT:
            unregister(registration.model)
    yield
    restore_registrations(before)


def restore_registrations(saved: list["Registration"]) -> None:
    """Put the registry back exactly as `saved`: each registration with every option (the countries'
    `embedded=False`, once dropped here, made later tests embed them), in its order, and no other."""
    from gcmhub.search.registry import register, registrations, unregister

    for registration in registrations():
        unregister(registration.model)
    for registration in saved:
        options = {f.name: getattr(registration, f.name) for f in dataclasses.fields(registration)}
        register(options.pop("model"), **options)
