"""Invitations: the secretariat invites a person by e-mail to an organization in a role; the link works once,
until it expires or is revoked; a new person sets a username and a password the validators accept, someone
with an account signs in with it; only the secretariat invites, resends or revokes."""

import datetime
import re
from typing import Any

import pytest
from conftest import PASSWORD
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from gcmhub.accounts import actions
from gcmhub.accounts.models import Invitation, Membership, Preference, Role
from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.reference.models import Organization

MEMBERS = "/accounts/members/"
NEW_PASSWORD = "migration-compact-2018"


def org(acronym: str) -> Organization:
    return Organization.objects.get(acronym=acronym)


def invite(secretariat: Any, capture: Any, **overrides: Any) -> tuple[Invitation, str]:
    """Invite through the action; returns the invitation and the link path from the e-mail."""
    mail.outbox.clear()
    arguments: dict[str, Any] = {
        "email": "new.person@example.org",
        "organization": org("ILO"),
        "role": "focal_point",
    }
    arguments.update(overrides)
    arguments.setdefault("language", "en")
    with capture(execute=True):
        invitation = actions.invite(actor=secretariat, **arguments)
    return invitation, link_in_last_email()


def link_in_last_email() -> str:
    [message] = mail.outbox[-1:]
    match = re.search(r"https?://[^/\s]+(\S*/accounts/invitation/[^/\s]+/)", str(message.body))
    assert match, message.body
    return match.group(1)


def snapshot() -> tuple[list[Any], list[Any], int]:
    invitations = list(Invitation.objects.order_by("pk").values())
    memberships = list(Membership.objects.order_by("pk").values_list("user_id", "organization_id", "role"))
    return invitations, memberships, get_user_model().objects.count()


def join_form(**overrides: str) -> dict[str, str]:
    form = {
        "username": "newperson",
        "first_name": "Amina",
        "last_name": "Diallo",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    form.update(overrides)
    return form


# Inviting


def test_the_secretariat_invites_from_the_members_page(
    client: Client, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(secretariat)
    form = {
        "email": "new.person@example.org",
        "organization": org("ILO").pk,
        "role": "focal_point",
        "language": "fr",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(MEMBERS, form)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organization, invitation.role) == (
        "new.person@example.org",
        org("ILO"),
        "focal_point",
    )
    assert invitation.invited_by == secretariat
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    # The link opens the page in the language the inviter chose.
    assert "/fr/accounts/invitation/" in message.body
    page = client.get(MEMBERS).content.decode()
    assert "new.person@example.org" in page


def test_the_email_is_in_the_language_chosen_for_the_invitee(
    secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    invite(secretariat, django_capture_on_commit_callbacks, language="es")
    spanish = mail.outbox[-1].body
    with translation.override("es"):
        role_in_spanish = str(Role.FOCAL_POINT.label)
    assert role_in_spanish != "Network member focal point"
    assert role_in_spanish in spanish
    assert "/es/accounts/invitation/" in spanish
    # The inviter's own language (English here) does not matter: the invitation's does.
    invite(secretariat, django_capture_on_commit_callbacks, email="other@example.org", language="en")
    assert "Network member focal point" in mail.outbox[-1].body
    assert "/es/" not in mail.outbox[-1].body


def test_only_the_token_hash_is_stored(secretariat: Any, django_capture_on_commit_callbacks: Any) -> None:
    invitation, link = invite(secretariat, django_capture_on_commit_callbacks)
    raw = link.rstrip("/").rsplit("/", 1)[1]
    assert raw not in str(Invitation.objects.filter(pk=invitation.pk).values().get())


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"email": "not-an-address"}, "bad_email"),
        ({"role": "king"}, "bad_role"),
        ({"language": "xx"}, "bad_language"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    secretariat: Any, overrides: dict[str, str], code: str, django_capture_on_commit_callbacks: Any
) -> None:
    before = snapshot()
    arguments: dict[str, Any] = {
        "email": "a@example.org",
        "organization": org("ILO"),
        "role": "focal_point",
        "language": "en",
    }
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationFailed) as refused:
        actions.invite(actor=secretariat, **{**arguments, **overrides})
    assert refused.value.code == code
    assert snapshot() == before
    assert mail.outbox == []


def test_inviting_twice_to_the_same_role_is_refused(
    secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    invite(secretariat, django_capture_on_commit_callbacks)
    before = snapshot()
    with pytest.raises(ValidationFailed) as refused:
        invite(secretariat, django_capture_on_commit_callbacks, email="New.Person@example.org")
    assert refused.value.code == "already_invited"
    assert snapshot() == before


def test_inviting_someone_who_already_has_the_role_is_refused(
    secretariat: Any, focal_point: Any, django_capture_on_commit_callbacks: Any
) -> None:
    focal_point.email = "fp@example.org"
    focal_point.save()
    with pytest.raises(ValidationFailed) as refused:
        invite(
            secretariat, django_capture_on_commit_callbacks, email="fp@example.org", organization=org("IOM")
        )
    assert refused.value.code == "already_member"


def test_a_bad_form_re_renders_with_422(client: Client, secretariat: Any) -> None:
    client.force_login(secretariat)
    response = client.post(
        MEMBERS, {"email": "nope", "organization": "", "role": "focal_point", "language": "en"}
    )
    assert response.status_code == 422
    assert not Invitation.objects.exists()


# Outsiders: every write refused, nothing changes.


@pytest.mark.parametrize("persona", ["outsider", "focal_point"])
def test_others_may_not_see_the_members_page_or_invite(
    client: Client, db: None, persona: str, request: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(MEMBERS).status_code == 403
    before = snapshot()
    form = {"email": "x@example.org", "organization": org("ILO").pk, "role": "secretariat", "language": "en"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(MEMBERS, form)
    assert response.status_code == 403
    assert "Only the secretariat" in response.content.decode()
    assert snapshot() == before
    assert mail.outbox == []


@pytest.mark.parametrize("action", ["resend", "revoke"])
def test_outsiders_may_not_resend_or_revoke(
    client: Client, outsider: Any, secretariat: Any, action: str, django_capture_on_commit_callbacks: Any
) -> None:
    invitation, _link = invite(secretariat, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    before = snapshot()
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/accounts/invitations/{invitation.pk}/{action}/")
    assert response.status_code == 403
    assert snapshot() == before
    assert mail.outbox == []
    with pytest.raises(PermissionDenied):
        getattr(actions, f"{action}_invitation")(actor=outsider, invitation_id=invitation.pk)


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(MEMBERS)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# Accepting as a new person


def test_a_new_person_sets_a_password_and_becomes_a_member(
    client: Client, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    invitation, link = invite(secretariat, django_capture_on_commit_callbacks, language="fr")
    page = client.get(link)
    assert page.status_code == 200
    assert 'name="password1"' in page.content.decode()
    response = client.post(link, join_form())
    assert response.status_code == 302
    user = get_user_model().objects.get(username="newperson")
    assert (user.email, user.first_name, user.last_name) == ("new.person@example.org", "Amina", "Diallo")
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.filter(user=user, organization=org("ILO"), role="focal_point").exists()
    assert Preference.objects.get(user=user).language == "fr"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    # Signed in at once.
    assert client.get("/accounts/").status_code == 200


@pytest.mark.parametrize(
    "password", ["1", "12345678901", "password123", "newperson1", "Diallo2024"], ids=lambda p: p
)
def test_a_weak_password_is_refused_and_nothing_is_created(
    client: Client, secretariat: Any, password: str, django_capture_on_commit_callbacks: Any
) -> None:
    _invitation, link = invite(secretariat, django_capture_on_commit_callbacks)
    before = snapshot()
    response = client.post(link, join_form(password1=password, password2=password))
    assert response.status_code == 422
    assert snapshot() == before
    assert "_auth_user_id" not in client.session


def test_the_action_checks_the_password_too(
    secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _invitation, link = invite(secretariat, django_capture_on_commit_callbacks)
    raw = link.rstrip("/").rsplit("/", 1)[1]
    before = snapshot()
    with pytest.raises(ValidationFailed) as refused:
        actions.join_by_invitation(raw_token=raw, username="someone", password="1")
    assert refused.value.code == "weak_password"
    assert snapshot() == before


def test_a_taken_username_is_refused(
    client: Client, secretariat: Any, focal_point: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _invitation, link = invite(secretariat, django_capture_on_commit_callbacks)
    before = snapshot()
    response = client.post(link, join_form(username="focal_point"))
    assert response.status_code == 422
    assert snapshot() == before


# Links that no longer work


def test_a_used_link_is_refused(
    client: Client, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _invitation, link = invite(secretariat, django_capture_on_commit_callbacks)
    assert client.post(link, join_form()).status_code == 302
    client.logout()
    before = snapshot()
    response = client.post(link, join_form(username="second"))
    assert response.status_code == 404
    assert "already been accepted" in response.content.decode()
    assert snapshot() == before


def test_an_expired_link_is_refused(
    client: Client, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    invitation, link = invite(secretariat, django_capture_on_commit_callbacks)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    before = snapshot()
    response = client.post(link, join_form())
    assert response.status_code == 404
    assert "expired" in response.content.decode()
    assert snapshot() == before


def test_a_revoked_link_is_refused(
    client: Client, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    invitation, link = invite(secretariat, django_capture_on_commit_callbacks)
    client.force_login(secretariat)
    assert client.post(f"/accounts/invitations/{invitation.pk}/revoke/").status_code == 302
    client.logout()
    before = snapshot()
    response = client.post(link, join_form())
    assert response.status_code == 404
    assert "withdrawn" in response.content.decode()
    assert snapshot() == before


def test_an_unknown_link_is_refused(client: Client, db: None) -> None:
    response = client.get("/accounts/invitation/not-a-real-token/")
    assert response.status_code == 404
    with pytest.raises(NotFound):
        actions.join_by_invitation(raw_token="not-a-real-token", username="x", password=NEW_PASSWORD)


def test_resending_replaces_the_link_and_extends_it(
    client: Client, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    invitation, old_link = invite(secretariat, django_capture_on_commit_callbacks)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(secretariat)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/accounts/invitations/{invitation.pk}/resend/").status_code == 302
    new_link = link_in_last_email()
    assert new_link != old_link
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=13)
    client.logout()
    assert client.get(old_link).status_code == 404
    assert client.post(new_link, join_form()).status_code == 302


def test_an_accepted_invitation_cannot_be_resent_or_revoked(
    client: Client, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    invitation, link = invite(secretariat, django_capture_on_commit_callbacks)
    client.post(link, join_form())
    before = snapshot()
    for action in (actions.resend_invitation, actions.revoke_invitation):
        with pytest.raises(ValidationFailed):
            action(actor=secretariat, invitation_id=invitation.pk)
    assert snapshot() == before


# Accepting with an existing account


def test_someone_with_an_account_signs_in_and_accepts(
    client: Client, secretariat: Any, focal_point: Any, django_capture_on_commit_callbacks: Any
) -> None:
    focal_point.email = "Focal.Point@example.org"
    focal_point.save()
    invitation, link = invite(
        secretariat, django_capture_on_commit_callbacks, email="focal.point@example.org"
    )
    # Not a member before accepting.
    assert not Membership.objects.filter(user=focal_point, organization=org("ILO")).exists()
    page = client.get(link).content.decode()
    assert "Sign in" in page and 'name="password1"' not in page
    assert client.post(link).status_code == 403  # not signed in: nothing happens
    assert not Membership.objects.filter(user=focal_point, organization=org("ILO")).exists()
    assert client.login(username="focal_point", password=PASSWORD)
    assert client.post(link).status_code == 302
    assert Membership.objects.filter(user=focal_point, organization=org("ILO"), role="focal_point").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == focal_point
    assert get_user_model().objects.filter(email__iexact="focal.point@example.org").count() == 1


def test_another_account_cannot_take_the_invitation(
    client: Client, secretariat: Any, focal_point: Any, outsider: Any, django_capture_on_commit_callbacks: Any
) -> None:
    focal_point.email = "fp@example.org"
    focal_point.save()
    _invitation, link = invite(secretariat, django_capture_on_commit_callbacks, email="fp@example.org")
    client.force_login(outsider)
    before = snapshot()
    response = client.post(link)
    assert response.status_code == 403
    assert "fp@example.org" in response.content.decode()
    assert snapshot() == before
