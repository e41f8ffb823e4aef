"""A resource's fields, declared once: the name the actions take, the label the form shows, the kind of value,
its limits, where its allowed values come from, and whether the page form, the API and JSON Lines carry it.

The form (forms.ResourceForm), the API (schemas.ResourceFields), the checks (validation.clean_resource) and
the JSON Lines format (jsonl_types.ResourceLine) are held to this list by knowledge/tests/test_fields.py, and
jsonl takes its field lists from it: a field added to one of them and not here fails that test."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gcmhub.knowledge.models import Audience, CrossCuttingTheme, ImplementationStatus, Kind, Language, Scope
from gcmhub.reference.models import Country, GuidingPrinciple, Objective, Organization, Region, ThematicArea


class Value(StrEnum):
    """The kind of value a field holds, as the actions take it."""

    TEXT = "text"
    HTML = "html"  # text, sanitized
    URL = "url"
    DATE = "date"
    CHOICE = "choice"  # one value of an enumeration
    CHOICES = "choices"  # a list of values of an enumeration
    CODES = "codes"  # a list of codes of a reference table
    ACRONYM = "acronym"  # one organization's acronym
    ACRONYMS = "acronyms"
    LINKS = "links"  # a list of {"label", "url"}
    GROUP = "group"  # an object of its own fields (the form's np_/pf_ fields)


@dataclass(frozen=True)
class Reference:
    """A reference table column whose values a field takes."""

    model: type[models.Model]
    column: str


@dataclass(frozen=True)
class ResourceField:
    name: str
    label: str | Promise
    value: Value
    # Must be sent when a resource is created (the API's ResourceIn, a JSON Lines line).
    required: bool = False
    # May be left empty; a field that may not is required on the form.
    blank: bool = True
    max_length: int | None = None
    choices: type[models.Choices] | Reference | None = None
    form: bool = True
    api: bool = True
    # Its name in a JSON Lines line; None when the format does not carry it.
    jsonl: str | None = ""

    @property
    def jsonl_name(self) -> str | None:
        return self.name if self.jsonl == "" else self.jsonl

    @property
    def empty(self) -> Any:
        """The value an absent field stands for."""
        if self.value in {Value.CHOICES, Value.CODES, Value.ACRONYMS, Value.LINKS}:
            return []
        if self.value in {Value.DATE, Value.ACRONYM, Value.GROUP}:
            return None
        return ""


_OBJECTIVE = Reference(Objective, "number")
_ORGANIZATION = Reference(Organization, "acronym")

RESOURCE_FIELDS: tuple[ResourceField, ...] = (
    ResourceField("title", _("Title"), Value.TEXT, required=True, blank=False, max_length=300),
    ResourceField("summary", _("Summary"), Value.TEXT),
    ResourceField("body", _("Description"), Value.HTML),
    ResourceField("language", _("Original language"), Value.CHOICE, blank=False, choices=Language),
    ResourceField("objectives", _("Primary GCM objectives"), Value.CODES, choices=_OBJECTIVE),
    ResourceField("secondary_objectives", _("Secondary GCM objectives"), Value.CODES, choices=_OBJECTIVE),
    ResourceField(
        "principles", _("Guiding principles"), Value.CODES, choices=Reference(GuidingPrinciple, "slug")
    ),
    ResourceField(
        "thematic_areas",
        _("Thematic areas of the work plan"),
        Value.CODES,
        choices=Reference(ThematicArea, "number"),
    ),
    ResourceField("scope", _("Geographic scope"), Value.CHOICE, choices=Scope),
    ResourceField("regions", _("Regions"), Value.CODES, choices=Reference(Region, "m49")),
    ResourceField("countries", _("Countries"), Value.CODES, choices=Reference(Country, "iso3")),
    ResourceField(
        "implementer",
        _("Implementing organization (acronym)"),
        Value.ACRONYM,
        max_length=30,
        choices=_ORGANIZATION,
    ),
    # JSON Lines lists the implementer and the partners together, as "organizations".
    ResourceField(
        "partners",
        _("Partner organizations (acronyms, separated by commas)"),
        Value.ACRONYMS,
        max_length=500,
        choices=_ORGANIZATION,
        jsonl="organizations",
    ),
    ResourceField("start_date", _("Start date"), Value.DATE),
    ResourceField("end_date", _("End date"), Value.DATE),
    ResourceField("published_on", _("Publication date"), Value.DATE),
    ResourceField(
        "implementation_status", _("Implementation status"), Value.CHOICE, choices=ImplementationStatus
    ),
    ResourceField("audiences", _("Target audience"), Value.CHOICES, choices=Audience),
    ResourceField("themes", _("Cross-cutting themes"), Value.CHOICES, choices=CrossCuttingTheme),
    ResourceField("results", _("Results and evidence"), Value.TEXT),
    ResourceField("lessons", _("Lessons learned"), Value.TEXT),
    ResourceField("links", _("Links"), Value.LINKS),
    ResourceField("source_url", _("Source URL"), Value.URL, max_length=500, jsonl="url"),
    ResourceField("licence", _("Licence"), Value.TEXT, max_length=120),
    # National implementation plans and platforms only; the form shows their fields as np_… and pf_….
    ResourceField("national_plan", Kind.NATIONAL_PLAN.label, Value.GROUP),
    ResourceField("platform", Kind.PLATFORM.label, Value.GROUP),
)
FIELDS_BY_NAME = {field.name: field for field in RESOURCE_FIELDS}
# What each of them carries besides a resource's fields.
API_ONLY = frozenset({"kind", "organization", "call"})
JSONL_ONLY = frozenset({"kind", "status", "external_id", "translations"})


def form_fields() -> list[ResourceField]:
    return [field for field in RESOURCE_FIELDS if field.form]


def api_fields() -> list[ResourceField]:
    return [field for field in RESOURCE_FIELDS if field.api]


def jsonl_fields() -> list[ResourceField]:
    return [field for field in RESOURCE_FIELDS if field.jsonl_name]
