"""E-mails of the comms app, each in its recipient's language, sent after the transaction commits."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import formats
from django.utils.translation import gettext as _

from gcmhub.accounts.emails import send_in_their_languages
from gcmhub.accounts.models import Role
from gcmhub.accounts.queries import secretariat_users
from gcmhub.comms.models import Statement, TalkingPoint


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _clearers(statement: Statement) -> list[AbstractBaseUser]:
    """The Executive Committee people of the members asked on the current round."""
    organizations = statement.clearances.filter(round=statement.round).values_list(
        "organization_id", flat=True
    )
    return list(
        get_user_model()
        .objects.filter(
            memberships__role=Role.EXECUTIVE_COMMITTEE,
            memberships__organization_id__in=list(organizations),
            is_active=True,
        )
        .distinct()
    )


def clearance_requested(statement: Statement) -> None:
    def compose() -> tuple[str, str]:
        deadline = formats.date_format(statement.deadline, "DATETIME_FORMAT") if statement.deadline else "—"
        body = _(
            "The secretariat asks the Executive Committee to clear the Network statement “%(title)s” by "
            "%(deadline)s. Clear it, clear it with comments, or object with a reason: %(link)s"
        ) % {"title": statement.title, "deadline": deadline, "link": _link(statement.get_absolute_url())}
        if statement.silence_procedure:
            body += "\n\n" + _("Silence procedure: no answer by the deadline counts as clearing the text.")
        return _("Clearance requested: %(title)s") % {"title": statement.title}, body

    send_in_their_languages(_clearers(statement), compose)


def round_complete(statement: Statement) -> None:
    send_in_their_languages(
        secretariat_users(),
        lambda: (
            _("Clearance round complete: %(title)s") % {"title": statement.title},
            _(
                "The clearance round on “%(title)s” is complete (%(status)s). "
                "See the clearance sheet: %(link)s"
            )
            % {
                "title": statement.title,
                "status": statement.get_status_display(),
                "link": _link(statement.get_absolute_url() + "clearance/"),
            },
        ),
    )


def talking_point_stale(note: TalkingPoint) -> None:
    send_in_their_languages(
        [note.owner],
        lambda: (
            _("Talking points to review: %(title)s") % {"title": note.title},
            _("Your talking points “%(title)s” were due for review on %(date)s. Review them: %(link)s")
            % {
                "title": note.title,
                "date": formats.date_format(note.review_by, "DATE_FORMAT"),
                "link": _link(note.get_absolute_url()),
            },
        ),
    )
