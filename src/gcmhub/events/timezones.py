"""The reader's time zone and times shown in it. The zone comes from the browser (a `tz` value the page sends,
kept in the session) and falls back to UTC; the page always names the zone it shows."""

import datetime
import zoneinfo
from dataclasses import dataclass
from urllib.parse import unquote

from django.http import HttpRequest
from django.utils import formats

from gcmhub.events.models import TIME_ZONES

SESSION_KEY = "events_time_zone"
COOKIE_NAME = "tz"


@dataclass(frozen=True)
class LocalTime:
    zone: str
    moment: datetime.datetime

    @property
    def text(self) -> str:
        return str(formats.date_format(self.moment, "DATETIME_FORMAT"))

    @property
    def date(self) -> str:
        return str(formats.date_format(self.moment, "DATE_FORMAT"))

    @property
    def time(self) -> str:
        return str(formats.time_format(self.moment, "TIME_FORMAT"))


def valid_zone(name: str | None) -> str | None:
    name = (name or "").strip()
    return name if name in TIME_ZONES else None


def reader_zone(request: HttpRequest) -> str:
    """`?tz=` (and remember it), else the remembered zone, else the browser's cookie, else UTC."""
    asked = valid_zone(request.GET.get("tz"))
    if asked and hasattr(request, "session"):
        request.session[SESSION_KEY] = asked
    remembered = valid_zone(request.session.get(SESSION_KEY)) if hasattr(request, "session") else None
    return asked or remembered or valid_zone(unquote(request.COOKIES.get(COOKIE_NAME, ""))) or "UTC"


def local_time(moment: datetime.datetime, zone: str) -> LocalTime:
    return LocalTime(zone=zone, moment=moment.astimezone(zoneinfo.ZoneInfo(zone)))


def common_zones() -> list[str]:
    """The zones offered in the picker: every IANA zone with a region (not the legacy aliases)."""
    regional = (z for z in TIME_ZONES if "/" in z and not z.startswith(("Etc/", "SystemV/", "US/")))
    return [*sorted(regional), "UTC"]
