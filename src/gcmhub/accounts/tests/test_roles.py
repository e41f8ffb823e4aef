"""Granting and revoking roles: the actions (secretariat only, audited) and the grant_role / revoke_role
commands."""

from io import StringIO

import pytest
from auditlog.models import LogEntry
from conftest import make_user
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from gcmhub.accounts.actions import grant_role, revoke_role
from gcmhub.accounts.models import Membership, Role
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.reference.models import Organization


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_grant_role_command_makes_a_focal_point(db: None) -> None:
    user = make_user("new_person")
    out = run("grant_role", "new_person", "IOM", "focal_point")
    assert "new_person acts for IOM as focal_point now." in out
    membership = Membership.objects.get(user=user)
    assert (membership.organization.acronym, membership.role) == ("IOM", Role.FOCAL_POINT)
    entry = LogEntry.objects.get_for_object(membership).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor is None


def test_grant_role_records_the_actor(secretariat: User) -> None:
    make_user("new_person")
    run("grant_role", "new_person", "iom", "focal_point", "--actor", "secretariat")
    membership = Membership.objects.get(user__username="new_person")
    assert LogEntry.objects.get_for_object(membership).get().actor == secretariat


def test_granting_twice_changes_nothing(db: None) -> None:
    make_user("new_person")
    run("grant_role", "new_person", "IOM", "focal_point")
    audit_before = LogEntry.objects.count()
    assert "already; nothing changed" in run("grant_role", "new_person", "IOM", "focal_point")
    assert Membership.objects.filter(user__username="new_person").count() == 1
    assert LogEntry.objects.count() == audit_before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody", "IOM", "focal_point"), "There is no user nobody."),
        (("new_person", "NOPE", "focal_point"), "There is no organization with the acronym NOPE."),
        (("new_person", "IOM", "emperor"), "Unknown role emperor"),
    ],
)
def test_grant_role_refuses_bad_input(db: None, args: tuple[str, ...], message: str) -> None:
    make_user("new_person")
    with pytest.raises(CommandError, match=message):
        run("grant_role", *args)
    assert not Membership.objects.filter(user__username="new_person").exists()


def test_grant_role_refuses_an_actor_who_is_not_secretariat(focal_point: User) -> None:
    make_user("new_person")
    with pytest.raises(CommandError, match="Only the secretariat"):
        run("grant_role", "new_person", "IOM", "focal_point", "--actor", "focal_point")
    assert not Membership.objects.filter(user__username="new_person").exists()


def test_revoke_role_command(focal_point: User) -> None:
    membership = Membership.objects.get(user=focal_point)
    out = run("revoke_role", "focal_point", "IOM", "focal_point")
    assert "focal_point no longer acts for IOM as focal_point." in out
    assert not Membership.objects.filter(user=focal_point).exists()
    entry = LogEntry.objects.get_for_object(membership).filter(action=LogEntry.Action.DELETE).get()
    assert entry.actor is None


def test_revoke_role_refuses_a_role_not_held(focal_point: User) -> None:
    with pytest.raises(CommandError, match="does not act for UNEP"):
        run("revoke_role", "focal_point", "UNEP", "focal_point")
    assert Membership.objects.filter(user=focal_point).count() == 1


def test_it_rejects_outsider_granting(outsider: User) -> None:
    audit_before = LogEntry.objects.count()
    with pytest.raises(PermissionDenied):
        grant_role(
            actor=outsider,
            user=outsider,
            organization=Organization.objects.get(acronym="IOM"),
            role=Role.SECRETARIAT,
        )
    assert not Membership.objects.filter(user=outsider).exists()
    assert LogEntry.objects.count() == audit_before


def test_it_rejects_outsider_revoking(outsider: User, focal_point: User) -> None:
    with pytest.raises(PermissionDenied):
        revoke_role(
            actor=outsider,
            user=focal_point,
            organization=Organization.objects.get(acronym="IOM"),
            role=Role.FOCAL_POINT,
        )
    assert Membership.objects.filter(user=focal_point).exists()


def test_secretariat_grants_through_the_action(secretariat: User) -> None:
    user = make_user("new_person")
    membership, created = grant_role(
        actor=secretariat,
        user=user,
        organization=Organization.objects.get(acronym="GOV-MEX"),
        role=Role.MEMBER_STATE,
    )
    assert created and membership.role == "member_state"
    with pytest.raises(ValidationFailed):
        grant_role(actor=secretariat, user=user, organization=membership.organization, role="king")
