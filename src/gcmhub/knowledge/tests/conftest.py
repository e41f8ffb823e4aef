"""Fixtures for knowledge tests: a private search index per test, e-mail addresses on the personas, and
reviewers from the UN system and outside it."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_user


@pytest.fixture(autouse=True)
def search_index(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Each test gets its own empty index directory, so nothing leaks between tests."""
    from gcmhub.search.backends import forget_backends

    settings.GCMHUB_SEARCH_DIR = tmp_path / "search"
    # Tests run inside a transaction, so the index catches up when searched: let it every time.
    settings.GCMHUB_SEARCH_SYNC_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    forget_backends()
    yield settings.GCMHUB_SEARCH_DIR
    forget_backends()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """A page served in another language leaves it active in the thread; start each test in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def with_email(user: Any) -> Any:
    user.email = f"{user.username}@example.org"
    user.save()
    return user


@pytest.fixture
def panel(db: None) -> dict[str, Any]:
    """Reviewers: two from UN entities (UNHCR, UNICEF) and three external (a university, an NHRI, a CSO)."""
    from gcmhub.reference.models import Organization

    for acronym, kind in (("TEST-UNI", "academia"), ("TEST-NHRI", "nhri"), ("TEST-CSO2", "cso")):
        Organization.objects.get_or_create(acronym=acronym, defaults={"name": acronym, "kind": kind})
    return {
        name: with_email(make_user(name, "reviewer", acronym))
        for name, acronym in (
            ("un_reviewer", "UNHCR"),
            ("un_reviewer2", "UNICEF"),
            ("ext_uni", "TEST-UNI"),
            ("ext_nhri", "TEST-NHRI"),
            ("ext_cso", "TEST-CSO2"),
        )
    }
