"""The fund's access rules, asked directly of each persona: who writes the books, who sees a fund, a programme
and its documents, who may edit a programme, submit it for review or report its expenditure. Pages and the
API reach these rules too, but mostly as the operator or a fund manager."""

import datetime

import pytest
from conftest import make_user
from django.contrib.auth.models import AnonymousUser, User

from gcmhub.accounts.models import Membership, Role
from gcmhub.core.exceptions import NotFound, PermissionDenied
from gcmhub.fund import actions
from gcmhub.fund.models import Fund, JointProgramme, ProgrammeDocument
from gcmhub.fund.queries import access
from gcmhub.fund.tests.conftest import advance, make_programme
from gcmhub.reference.models import Organization


def org_id(acronym: str) -> int:
    return Organization.objects.get(acronym=acronym).pk


@pytest.fixture
def hidden_fund(db: None) -> Fund:
    """A fund not yet published; its code sorts before the published one's."""
    return actions.create_fund(
        actor=None, code="AAA", name="Unpublished fund", administrative_agent="MPTFO", is_published=False
    )


@pytest.fixture
def concept(fund: Fund) -> JointProgramme:
    """A concept note (not public) of IOM and UNHCR."""
    return make_programme(fund)


@pytest.fixture
def approved(fund: Fund) -> JointProgramme:
    """An approved programme (public) of IOM and UNHCR in the published fund."""
    return advance(make_programme(fund, title="Approved one"), "approved")


@pytest.fixture
def two_hats(db: None) -> User:
    """A focal point of IOM and of UNHCR, the two participants of every programme here."""
    user = make_user("two_hats", Role.FOCAL_POINT, "IOM")
    Membership.objects.create(
        user=user, organization=Organization.objects.get(acronym="UNHCR"), role="focal_point"
    )
    return user


def document(programme: JointProgramme, title: str, *, public: bool, minutes_ago: int) -> ProgrammeDocument:
    made = actions.add_document(
        actor=None,
        code=programme.code,
        title=title,
        kind="other",
        url="https://example.org/d",
        is_public=public,
    )
    # A fixed upload time, so the newest-first order does not depend on the clock's resolution.
    at = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC) - datetime.timedelta(minutes=minutes_ago)
    ProgrammeDocument.objects.filter(pk=made.pk).update(uploaded_at=at)
    return made


def test_the_operator_the_secretariat_and_fund_managers_write_the_books(
    secretariat: User, fund_manager: User, focal_point: User, outsider: User
) -> None:
    assert access.can_manage_books(None) is True
    assert access.can_manage_books(secretariat) is True
    assert access.can_manage_books(fund_manager) is True
    assert access.can_manage_books(focal_point) is False
    assert access.can_manage_books(outsider) is False
    assert access.can_manage_books(AnonymousUser()) is False


def test_focal_point_organizations_are_those_the_user_is_a_focal_point_of(
    focal_point: User, reviewer: User, outsider: User
) -> None:
    assert access.focal_point_org_ids(focal_point) == {org_id("IOM")}
    assert access.focal_point_org_ids(reviewer) == set()  # a reviewer of UNHCR, not its focal point
    assert access.focal_point_org_ids(outsider) == set()
    assert access.focal_point_org_ids(AnonymousUser()) == set()
    assert access.focal_point_org_ids(None) == set()


def test_the_team_is_the_users_organizations_that_take_part(
    concept: JointProgramme, focal_point: User, other_focal_point: User, outsider: User
) -> None:
    both = make_user("iom_and_unep", Role.FOCAL_POINT, "IOM")
    Membership.objects.create(
        user=both, organization=Organization.objects.get(acronym="UNEP"), role="focal_point"
    )
    assert access.team_org_ids(focal_point, concept) == {org_id("IOM")}
    assert access.team_org_ids(both, concept) == {org_id("IOM")}
    assert access.team_org_ids(other_focal_point, concept) == set()
    assert access.team_org_ids(outsider, concept) == set()


def test_only_the_books_keepers_see_an_unpublished_fund(
    fund: Fund, hidden_fund: Fund, fund_manager: User, outsider: User
) -> None:
    assert [f.code for f in access.visible_funds(fund_manager)] == ["AAA", "MPTF"]
    assert [f.code for f in access.visible_funds(None)] == ["AAA", "MPTF"]
    assert [f.code for f in access.visible_funds(outsider)] == ["MPTF"]
    assert access.access_fund(fund_manager, "AAA") == hidden_fund
    with pytest.raises(NotFound) as hidden:
        access.access_fund(outsider, "AAA")
    assert hidden.value.message == "There is no fund AAA."


def test_only_the_books_keepers_may_write_a_funds_books(
    fund: Fund, hidden_fund: Fund, fund_manager: User, focal_point: User
) -> None:
    assert access.access_fund_books(fund_manager, "MPTF") == fund
    with pytest.raises(PermissionDenied) as refused:
        access.access_fund_books(focal_point, "MPTF")
    assert refused.value.message == "Only fund managers and the secretariat may write the fund's books."
    with pytest.raises(NotFound):
        access.access_fund_books(fund_manager, "NOPE")
    with pytest.raises(NotFound):  # a fund they may not see is not found, rather than forbidden
        access.access_fund_books(focal_point, "AAA")


def test_a_concept_note_is_seen_by_its_team_and_the_books_keepers_only(
    concept: JointProgramme, focal_point: User, other_focal_point: User, fund_manager: User, outsider: User
) -> None:
    assert access.can_view_programme(focal_point, concept) is True
    assert access.can_view_programme(fund_manager, concept) is True
    assert access.can_view_programme(other_focal_point, concept) is False
    assert access.can_view_programme(outsider, concept) is False
    assert access.access_programme(focal_point, concept.code) == concept
    with pytest.raises(NotFound) as hidden:
        access.access_programme(outsider, concept.code)
    assert hidden.value.message == f"There is no joint programme {concept.code}."


def test_an_approved_programme_is_public_only_in_a_published_fund(
    approved: JointProgramme, hidden_fund: Fund, outsider: User
) -> None:
    assert access.can_view_programme(outsider, approved) is True
    assert access.can_view_programme(AnonymousUser(), approved) is True
    JointProgramme.objects.filter(pk=approved.pk).update(fund=hidden_fund)
    moved = access.get_programme(approved.code)
    assert access.can_view_programme(outsider, moved) is False


def test_an_unknown_programme_is_not_found(fund_manager: User) -> None:
    with pytest.raises(NotFound) as missing:
        access.get_programme("MPTF-NOPE")
    assert missing.value.message == "There is no joint programme MPTF-NOPE."
    with pytest.raises(NotFound):
        access.access_programme(fund_manager, "MPTF-NOPE")


def test_the_programme_list_shows_each_user_what_they_may_see(
    fund: Fund,
    hidden_fund: Fund,
    concept: JointProgramme,
    approved: JointProgramme,
    two_hats: User,
    other_focal_point: User,
    outsider: User,
) -> None:
    elsewhere = advance(make_programme(hidden_fund, title="Elsewhere"), "approved")
    everything = sorted([concept.code, approved.code, elsewhere.code])
    assert [p.code for p in access.visible_programmes(None)] == everything
    assert [p.code for p in access.visible_programmes(None, fund)] == sorted([concept.code, approved.code])
    # The team sees its own programmes once each, though two of its organizations take part in them.
    assert [p.code for p in access.visible_programmes(two_hats)] == everything
    assert [p.code for p in access.visible_programmes(two_hats, hidden_fund)] == [elsewhere.code]
    assert [p.code for p in access.visible_programmes(other_focal_point)] == [approved.code]
    assert [p.code for p in access.visible_programmes(outsider)] == [approved.code]
    assert [p.code for p in access.visible_programmes(AnonymousUser())] == [approved.code]


def test_the_team_edits_its_programme_only_while_it_is_a_concept_note(
    concept: JointProgramme,
    approved: JointProgramme,
    focal_point: User,
    other_focal_point: User,
    fund_manager: User,
) -> None:
    assert access.can_edit_programme(focal_point, concept) is True
    assert access.access_programme_for_edit(focal_point, concept.code) == concept
    assert access.can_edit_programme(focal_point, approved) is False
    assert access.can_edit_programme(other_focal_point, concept) is False
    assert access.can_edit_programme(fund_manager, approved) is True
    with pytest.raises(PermissionDenied) as refused:
        access.access_programme_for_edit(focal_point, approved.code)
    assert refused.value.message == (
        "Only fund managers, or the programme's focal points while it is a concept note, may change it."
    )


def test_only_the_books_keepers_may_write_a_programmes_books(
    approved: JointProgramme,
    concept: JointProgramme,
    focal_point: User,
    other_focal_point: User,
    fund_manager: User,
) -> None:
    assert access.access_programme_for_books(fund_manager, approved.code) == approved
    with pytest.raises(PermissionDenied) as refused:
        access.access_programme_for_books(focal_point, approved.code)
    assert refused.value.message == "Only fund managers and the secretariat may write the fund's books."
    with pytest.raises(NotFound):  # a programme they may not see is not found, rather than forbidden
        access.access_programme_for_books(other_focal_point, concept.code)


def test_expenditure_is_reported_for_the_users_own_organizations(
    approved: JointProgramme, focal_point: User, two_hats: User, fund_manager: User, outsider: User
) -> None:
    assert {o.acronym for o in access.expenditure_organizations(fund_manager, approved)} == {"IOM", "UNHCR"}
    assert {o.acronym for o in access.expenditure_organizations(None, approved)} == {"IOM", "UNHCR"}
    assert [o.acronym for o in access.expenditure_organizations(focal_point, approved)] == ["IOM"]
    assert {o.acronym for o in access.expenditure_organizations(two_hats, approved)} == {"IOM", "UNHCR"}
    assert access.expenditure_organizations(outsider, approved) == []


def test_the_team_and_the_books_keepers_submit_for_review(
    concept: JointProgramme, focal_point: User, other_focal_point: User, fund_manager: User
) -> None:
    assert access.can_submit_for_review(focal_point, concept) is True
    assert access.can_submit_for_review(fund_manager, concept) is True
    assert access.can_submit_for_review(other_focal_point, concept) is False


def test_a_private_document_is_for_the_team_and_the_books_keepers(
    approved: JointProgramme, focal_point: User, fund_manager: User, outsider: User
) -> None:
    public = document(approved, "Public", public=True, minutes_ago=5)
    private = document(approved, "Private", public=False, minutes_ago=1)
    assert access.access_document(outsider, public.pk) == public
    assert access.access_document(focal_point, private.pk) == private
    assert access.access_document(fund_manager, private.pk) == private
    with pytest.raises(NotFound) as hidden:
        access.access_document(outsider, private.pk)
    assert hidden.value.message == "There is no such document."
    with pytest.raises(NotFound):
        access.access_document(fund_manager, private.pk + 1000)
    assert [d.title for d in access.visible_documents(focal_point, approved)] == ["Private", "Public"]
    assert [d.title for d in access.visible_documents(fund_manager, approved)] == ["Private", "Public"]
    assert [d.title for d in access.visible_documents(outsider, approved)] == ["Public"]


def test_a_public_document_of_a_hidden_programme_is_not_found(
    concept: JointProgramme, focal_point: User, outsider: User
) -> None:
    public = document(concept, "Public", public=True, minutes_ago=1)
    assert access.access_document(focal_point, public.pk) == public
    with pytest.raises(NotFound) as hidden:
        access.access_document(outsider, public.pk)
    assert hidden.value.message == "There is no such document."
