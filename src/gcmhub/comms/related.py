"""The situations linked to a joint programme or a support request, listed on that programme's or request's
page (registered with `core.related` in CommsConfig.ready: the fund and directory apps may not import comms).
Network members only, as the watch itself: for anyone else the list is empty, so the page shows no heading."""

import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser
from gcmhub.comms import queries
from gcmhub.comms.models import Situation, SituationStatus
from gcmhub.core.related import RelatedLink, RelatedList

if TYPE_CHECKING:  # the other apps' models are only named here, for the types of the pages' objects
    from gcmhub.directory.models import SupportRequest
    from gcmhub.fund.models import JointProgramme


def status_date(situation: Situation) -> datetime.date | None:
    """The day the situation took its current status."""
    if situation.status == SituationStatus.CLOSED:
        return situation.closed_on
    if situation.status == SituationStatus.RESPONSE_AGREED:
        return situation.response_agreed_on
    return situation.monitoring_since


def situations_list(linked: "QuerySet[Situation]") -> RelatedList:
    return RelatedList(
        key="situations",
        title=_("Situations on the watch list"),
        note=_("Only members of the Network see this list."),
        links=[
            RelatedLink(
                label=situation.title,
                url=situation.get_absolute_url(),
                language=situation.language,
                status=situation.get_status_display(),
                date=status_date(situation),
            )
            for situation in linked
        ],
    )


def programme_situations(user: AnyUser, programme: "JointProgramme") -> RelatedList:
    return situations_list(queries.programme_situations(user, programme))


def request_situations(user: AnyUser, support_request: "SupportRequest") -> RelatedList:
    return situations_list(queries.request_situations(user, support_request))
