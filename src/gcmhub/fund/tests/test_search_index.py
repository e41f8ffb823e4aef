"""Joint programmes are searchable once the public may read them (approved or later, in a published fund),
with their objectives, thematic area, countries and organizations as facets; an unpublished fund's
programmes are never found, not even in facet counts."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gcmhub.fund import actions
from gcmhub.fund.models import Fund, JointProgramme, ProgrammeStatus
from gcmhub.fund.tests.conftest import advance, make_programme
from gcmhub.search import outbox, service
from gcmhub.search.backends import forget_backends
from gcmhub.search.registry import facet_labels


@pytest.fixture(autouse=True)
def search_index(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.GCMHUB_SEARCH_DIR = tmp_path / "search"
    settings.GCMHUB_SEARCH_SYNC_SECONDS = 0
    forget_backends()
    yield settings.GCMHUB_SEARCH_DIR
    forget_backends()


def programme_ids(query: str, **options: Any) -> set[str]:
    hits = service.search(service.request_for(query, with_facets=False, **options)).hits
    return {hit.doc_id for hit in hits if hit.kind == "joint_programme"}


def doc_id(programme: JointProgramme) -> str:
    return f"fund.jointprogramme:{programme.pk}"


def test_an_approved_programme_is_found_with_its_facets(fund: Fund, committed: Callable[..., Any]) -> None:
    outbox.rebuild()
    programme = committed(lambda: make_programme(fund, title="Quetzal corridor pathways"))
    assert programme_ids("quetzal") == set()  # a concept note is not public
    committed(lambda: advance(programme, ProgrammeStatus.APPROVED))
    assert programme_ids("quetzal") == {doc_id(programme)}
    page = service.search(service.request_for("quetzal", kinds=["joint_programme"]))
    hit = page.hits[0]
    assert (hit.title, hit.url) == ("Quetzal corridor pathways", f"/fund/programmes/{programme.code}/")
    assert dict(page.facets["objective"]) == {"7": 1, "23": 1}
    assert dict(page.facets["thematic_area"]) == {"2": 1}
    assert dict(page.facets["country"]) == {"MEX": 1}
    assert dict(page.facets["organization"]) == {"IOM": 1, "UNHCR": 1}
    assert programme_ids("", filters={"organization": ["UNHCR"], "objective": ["23"]}) == {doc_id(programme)}
    assert facet_labels("kind", ["joint_programme"]) == {"joint_programme": "Joint programme"}


def test_an_unpublished_funds_programme_is_never_found(db: None, committed: Callable[..., Any]) -> None:
    hidden = committed(
        lambda: actions.create_fund(
            actor=None, code="HIDDEN", name="Hidden fund", administrative_agent="MPTFO", is_published=False
        )
    )
    outbox.rebuild()
    before = service.search(service.request_for("", filters={"country": ["MEX"]}))
    programme = committed(lambda: make_programme(hidden, title="Okapi hidden programme"))
    programme = committed(lambda: advance(programme, ProgrammeStatus.APPROVED))
    assert programme.status == ProgrammeStatus.APPROVED  # public, were its fund published
    assert programme_ids("okapi") == set()
    after = service.search(service.request_for("", filters={"country": ["MEX"]}))
    assert (after.total, after.facets) == (before.total, before.facets)
    outbox.rebuild()
    assert programme_ids("okapi") == set()
    # Publishing the fund publishes its programme; withdrawing it withdraws the programme again.
    committed(lambda: actions.update_fund(actor=None, code="HIDDEN", is_published=True))
    assert programme_ids("okapi") == {doc_id(programme)}
    committed(lambda: actions.update_fund(actor=None, code="HIDDEN", is_published=False))
    assert programme_ids("okapi") == set()
    assert "HIDDEN" not in str(service.search(service.request_for("okapi")).facets)
