"""Comms tests share the knowledge tests' fixtures (private search index, English, fast passwords) and add
the Executive Committee: one person for each of its member organizations."""

from typing import Any

import pytest
from conftest import make_user

from gcmhub.knowledge.tests.conftest import _english, _fast_passwords, search_index, with_email

__all__ = ["_english", "_fast_passwords", "search_index", "with_email"]


@pytest.fixture
def committee(db: None) -> dict[str, Any]:
    """Acronym -> the Executive Committee member who answers for that organization."""
    from gcmhub.reference.queries import executive_committee

    return {
        org.acronym: with_email(make_user(f"exco_{org.acronym.lower()}", "executive_committee", org.acronym))
        for org in executive_committee()
    }
