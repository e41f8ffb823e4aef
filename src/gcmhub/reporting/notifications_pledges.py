"""E-mails about pledges: the pledging organization hears of the secretariat's decision, each person in the
language they last read the site in (`accounts.emails.send_in_their_languages`)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from gcmhub.accounts.emails import send_in_their_languages
from gcmhub.reporting.models_pledges import Pledge, PledgeStatus
from gcmhub.reporting.queries_pledges import PLEDGING_ROLES


def _pledgers(pledge: Pledge) -> list[AbstractBaseUser]:
    """The active people who speak for the pledging organization."""
    people = get_user_model().objects.filter(
        memberships__organization_id=pledge.organization_id,
        memberships__role__in=PLEDGING_ROLES,
        is_active=True,
    )
    return list(people.distinct().order_by("pk"))


def _compose(pledge: Pledge) -> tuple[str, str]:
    link = settings.SITE_URL.rstrip("/") + pledge.get_absolute_url()
    values = {"id": pledge.public_id, "title": pledge.title, "reason": pledge.moderation_reason, "link": link}
    if pledge.status == PledgeStatus.PUBLISHED:
        return (
            _("Your pledge %(id)s is published") % values,
            _("The secretariat published the pledge “%(title)s”. Report its progress here: %(link)s")
            % values,
        )
    if pledge.status == PledgeStatus.RETURNED:
        return (
            _("Your pledge %(id)s was returned for changes") % values,
            _(
                "The secretariat returned the pledge “%(title)s” for changes: %(reason)s\n\n"
                "Change and resubmit it here: %(link)s"
            )
            % values,
        )
    return (
        _("Your pledge %(id)s was not accepted") % values,
        _("The secretariat did not accept the pledge “%(title)s”: %(reason)s\n\n%(link)s") % values,
    )


def moderated(pledge: Pledge) -> int:
    """Tell the pledging organization what the secretariat decided; returns the number of e-mails queued."""
    return send_in_their_languages(_pledgers(pledge), lambda: _compose(pledge))
