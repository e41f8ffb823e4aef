"""`gcmhub search`, `gcmhub rebuild_index` and `gcmhub sync_index`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.search.backends import get_backend
from gcmhub.search.models import SearchOutbox


@pytest.fixture
def indexed(db: None) -> None:
    make_resource("Alternatives to detention for children", objectives=(13,), countries=("MEX",))
    make_resource("Labour migration pathways", objectives=(5,), kind="guidance")
    call_command("rebuild_index", stdout=StringIO())


def test_rebuild_index_indexes_everything_published(db: None) -> None:
    make_resource("Published one")
    make_resource("Draft one", status="draft")
    out = StringIO()
    call_command("rebuild_index", stdout=out)
    assert out.getvalue().startswith("Indexed 1 document(s)")
    assert get_backend().count() == 1


def test_search_prints_results(indexed: None) -> None:
    out = StringIO()
    call_command("search", "detention", stdout=out)
    text = out.getvalue()
    assert text.startswith("1 result(s)")
    assert "[practice] Alternatives to detention for children" in text
    assert "objective: 13 (1)" in text


def test_search_json_with_facet_kind_and_limit(indexed: None) -> None:
    out = StringIO()
    call_command(
        "search", "", "--json", "--facet", "objective=5", "--kind", "guidance", "--limit", "5", stdout=out
    )
    body = json.loads(out.getvalue())
    assert body["count"] == 1
    assert body["items"][0]["title"] == "Labour migration pathways"
    assert body["facets"]["objective"] == {"5": 1}  # kind=guidance still applies
    assert body["facets"]["kind"] == {"guidance": 1}  # objective=5 still applies


@pytest.mark.parametrize(
    "args",
    [['"unclosed'], ["x", "--facet", "objective"], ["x", "--facet", "colour=red"], ["x", "--limit", "0"]],
)
def test_bad_input_is_a_clear_command_error(indexed: None, args: list[str]) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("search", *args, stdout=StringIO())
    assert str(raised.value)


def test_sync_index_applies_and_prunes(indexed: None) -> None:
    SearchOutbox.objects.create(doc_id="knowledge.resource:0", op="delete")
    rows = SearchOutbox.objects.count()  # the resources' rows too, written with them
    out = StringIO()
    call_command("sync_index", "--prune-days", "0", stdout=out)
    assert "Applied 1 outbox row(s)" in out.getvalue()
    assert f"Pruned {rows} outbox row(s)" in out.getvalue()
