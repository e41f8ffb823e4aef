"""Events tests share the knowledge tests' fixtures (private search index, English, fast passwords)."""

from gcmhub.knowledge.tests.conftest import _english, _fast_passwords, search_index, with_email

__all__ = ["_english", "_fast_passwords", "search_index", "with_email"]
