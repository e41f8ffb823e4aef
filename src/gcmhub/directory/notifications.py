"""E-mails about support requests, sent after the transaction commits."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from gcmhub.accounts.emails import send_in_their_languages
from gcmhub.accounts.queries import secretariat_users
from gcmhub.directory.models import SupportRequest


def _link(support_request: SupportRequest) -> str:
    return settings.SITE_URL.rstrip("/") + support_request.get_absolute_url()


def _requester(support_request: SupportRequest) -> list[AbstractBaseUser]:
    return [support_request.requester]


def request_created(support_request: SupportRequest) -> None:
    send_in_their_languages(
        secretariat_users(),
        lambda: (
            _("Support request from %(country)s") % {"country": support_request.country.name_display},
            _(
                "%(country)s asks for support: “%(title)s” (urgency: %(urgency)s). "
                "See the ranked matches and assign: "
                "%(link)s"
            )
            % {
                "country": support_request.country.name_display,
                "title": support_request.title,
                "urgency": support_request.get_urgency_display(),
                "link": _link(support_request),
            },
        ),
    )


def request_assigned(support_request: SupportRequest) -> None:
    recipients = _requester(support_request)
    if support_request.assigned_expert is not None and support_request.assigned_expert.user is not None:
        recipients.append(support_request.assigned_expert.user)
    send_in_their_languages(
        recipients,
        lambda: (
            _("Support request assigned: %(title)s") % {"title": support_request.title},
            _("The secretariat has connected the request “%(title)s” with support: %(link)s")
            % {"title": support_request.title, "link": _link(support_request)},
        ),
    )


def request_status_changed(support_request: SupportRequest) -> None:
    send_in_their_languages(
        [*_requester(support_request), *secretariat_users()],
        lambda: (
            _("Support request %(status)s: %(title)s")
            % {"status": support_request.get_status_display(), "title": support_request.title},
            _("The request “%(title)s” is now %(status)s: %(link)s")
            % {
                "title": support_request.title,
                "status": support_request.get_status_display(),
                "link": _link(support_request),
            },
        ),
    )
