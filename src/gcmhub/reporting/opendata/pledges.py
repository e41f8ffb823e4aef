"""The published IMRF pledges as an open dataset: one row per pledge, with its latest progress."""

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from gcmhub.reporting.opendata.writers import Column
from gcmhub.reporting.queries_pledges import published_pledges, with_details

CHUNK = 1000

PLEDGE_COLUMNS = [
    Column("id", "text", _("The pledge ID, stable and public.")),
    Column("title", "text", _("Title.")),
    Column("description", "text", _("Description, in the pledge's original language.")),
    Column("language", "text", _("Original language of the pledge.")),
    Column("pledging_entity", "text", _("Acronym of the pledging organization.")),
    Column("pledging_entity_name", "text", _("Name of the pledging organization.")),
    Column("pledger_type", "text", _("member_state, un_entity or stakeholder.")),
    Column("co_pledgers", "list", _("Acronyms of the co-pledging organizations (a partnership pledge).")),
    Column("objectives", "list", _("Numbers of the GCM objectives (1 to 23) the pledge serves.")),
    Column("principles", "list", _("Guiding principles the pledge names.")),
    Column("countries", "list", _("ISO 3166 alpha-3 codes of the countries the pledge names.")),
    Column("published_at", "datetime", _("When the secretariat published the pledge.")),
    Column("progress_updates", "integer", _("How many progress updates the pledge has.")),
    Column("latest_progress_on", "date", _("Date of the latest progress update.")),
    Column("latest_progress", "text", _("The latest progress update.")),
    Column("url", "text", _("Address of the record's page on this platform, relative to its domain.")),
]


def _path(public_id: str) -> str:
    # The default language's address, so it is the same in every file.
    with translation.override(None):
        return reverse("reporting:pledge", args=[public_id])


def pledge_rows() -> Iterator[dict[str, Any]]:
    for pledge in with_details(published_pledges()).iterator(chunk_size=CHUNK):
        progress = list(pledge.progress.all())
        latest = progress[0] if progress else None
        yield {
            "id": pledge.public_id,
            "title": pledge.title,
            "description": pledge.description,
            "language": pledge.language,
            "pledging_entity": pledge.organization.acronym,
            "pledging_entity_name": pledge.organization.name,
            "pledger_type": pledge.pledger_type,
            "co_pledgers": sorted(o.acronym for o in pledge.co_pledgers.all()),
            "objectives": sorted(o.number for o in pledge.objectives.all()),
            "principles": sorted(p.slug for p in pledge.principles.all()),
            "countries": sorted(c.iso3 for c in pledge.countries.all()),
            "published_at": pledge.published_at,
            "progress_updates": len(progress),
            "latest_progress_on": latest.reported_on if latest else None,
            "latest_progress": latest.text if latest else None,
            "url": _path(pledge.public_id),
        }


def pledges_updated() -> datetime.datetime | None:
    last: datetime.datetime | None = published_pledges().aggregate(last=Max("updated_at"))["last"]
    return last
