"""The registry is a leaf module: the signal wiring that writes the outbox lives in `search.changes`."""

import ast
from pathlib import Path

from gcmhub.reference.models import Organization
from gcmhub.search import registry
from gcmhub.search.models import SearchOutbox


def test_the_registry_imports_nothing_of_ours() -> None:
    tree = ast.parse(Path(registry.__file__).read_text())
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    ]
    assert imported, "the module was read"
    assert not [name for name in imported if name.startswith("gcmhub")]


def test_a_model_that_is_not_registered_writes_no_outbox_row(db: None) -> None:
    assert not registry.is_registered(Organization)
    before = SearchOutbox.objects.count()
    Organization.objects.create(acronym="TST-UNREGISTERED", name="Not indexed", kind=Organization.Kind.CSO)
    assert SearchOutbox.objects.count() == before
