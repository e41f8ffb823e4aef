"""The JSON type of every field of a resources JSON Lines line (docs/resources-jsonl.md), declared once, and
the problems of a line that breaks them, each named by its place in the line (`organizations[0]`,
`national_plan.country`). Values are checked after this (known codes, choices, dates) in `jsonl.check_line`.

An optional field may be null, which is the same as leaving it out; `kind` and `title` may not."""

from typing import Annotated, Any, NotRequired

from django.utils.translation import gettext as _
from pydantic import (
    ConfigDict,
    Discriminator,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    Tag,
    TypeAdapter,
    ValidationError,
    with_config,
)
from pydantic_core import ErrorDetails

# pydantic reads TypedDicts from typing_extensions on Python < 3.12.
from typing_extensions import TypedDict

# No type conversion ("1" is not 1, 1.0 is not 1, true is not 1), and no field that is not declared.
STRICT = ConfigDict(strict=True, extra="forbid")
# Text every database stores: PostgreSQL refuses NUL characters (pydantic itself refuses lone surrogates).
Text = Annotated[StrictStr, StringConstraints(pattern=r"^[^\x00]*$")]
Integer = StrictInt
# Far more than any real list needs; a longer one is refused before its items are looked at.
MAX_ITEMS = 1000
_BOUNDED = Field(max_length=MAX_ITEMS)
Texts = Annotated[list[Text], _BOUNDED]
Integers = Annotated[list[Integer], _BOUNDED]


@with_config(STRICT)
class Link(TypedDict):
    url: Text
    label: NotRequired[Text | None]


def _link_form(value: Any) -> str | None:
    """Which of the two forms of a link `value` is written in; None for neither."""
    if isinstance(value, str):
        return "address"
    return "link" if isinstance(value, dict) else None


# A link is an address, or {"label", "url"}; told apart by type, so a bad one gets one clear problem.
LinkItem = Annotated[
    Annotated[Text, Tag("address")] | Annotated[Link, Tag("link")], Discriminator(_link_form)
]
_FORM_TAGS = {"address", "link"}
Links = Annotated[list[LinkItem], _BOUNDED]


@with_config(STRICT)
class Translation(TypedDict, total=False):
    title: Text | None
    summary: Text | None
    body: Text | None


@with_config(STRICT)
class NationalPlanLine(TypedDict):
    country: Text
    plan_status: Text
    plan_type: NotRequired[Text | None]
    adopted_on: NotRequired[Text | None]
    period_start: NotRequired[Integer | None]
    period_end: NotRequired[Integer | None]
    lead_ministry: NotRequired[Text | None]
    government_entities: NotRequired[Text | None]
    stakeholders_consulted: NotRequired[Text | None]


@with_config(STRICT)
class PlatformLine(TypedDict):
    url: Text
    owner: NotRequired[Text | None]
    owner_name: NotRequired[Text | None]
    content_types: NotRequired[Texts | None]
    languages: NotRequired[Texts | None]
    update_frequency: NotRequired[Text | None]


@with_config(STRICT)
class ResourceLine(TypedDict, total=False):
    """One line. Which fields a kind needs, and the values allowed, are checked afterwards."""

    kind: Text
    title: Text
    summary: Text | None
    body: Text | None
    language: Text | None
    objectives: Integers | None
    secondary_objectives: Integers | None
    principles: Texts | None
    thematic_areas: Integers | None
    scope: Text | None
    countries: Texts | None
    regions: Texts | None
    organizations: Texts | None
    implementer: Text | None
    url: Text | None
    external_id: Text | None
    published_on: Text | None
    start_date: Text | None
    end_date: Text | None
    status: Text | None
    implementation_status: Text | None
    audiences: Texts | None
    themes: Texts | None
    results: Text | None
    lessons: Text | None
    links: Links | None
    licence: Text | None
    translations: Annotated[dict[Text, Translation], _BOUNDED] | None
    national_plan: NationalPlanLine | None
    platform: PlatformLine | None


FIELDS = frozenset(ResourceLine.__required_keys__ | ResourceLine.__optional_keys__)
_LINE = TypeAdapter(ResourceLine)


def _place(location: tuple[int | str, ...]) -> str:
    """("links", 0, "link", "url") → "links[0].url": the way a reader finds the value in the line."""
    place = ""
    for step in location:
        if isinstance(step, int):
            place += f"[{step}]"
        elif step not in _FORM_TAGS:
            place += f".{step}" if place else step
    return place


def _message(error: ErrorDetails) -> str:
    field = _place(error["loc"])
    kind = error["type"]
    if kind == "string_type":
        return _("%(field)s must be a string.") % {"field": field}
    if kind == "int_type":
        return _("%(field)s must be an integer.") % {"field": field}
    if kind == "list_type":
        return _("%(field)s must be a list.") % {"field": field}
    if kind in {"dict_type", "model_type"}:
        return _("%(field)s must be an object.") % {"field": field}
    if kind == "too_long":
        return _("%(field)s has more than %(limit)d items.") % {"field": field, "limit": MAX_ITEMS}
    if kind == "missing":
        return _("%(field)s is required.") % {"field": field}
    if kind.startswith("union_tag"):
        return _('%(field)s must be an address or an object with "url" and "label".') % {"field": field}
    if kind == "string_unicode":
        return _("%(field)s is not valid Unicode text.") % {"field": field}
    if kind == "string_pattern_mismatch":
        return _("%(field)s contains a NUL character, which cannot be stored.") % {"field": field}
    return _("%(field)s has the wrong type.") % {"field": field}


def type_problems(line: dict[str, Any]) -> tuple[list[str], set[str]]:
    """Every problem with the types of `line`, and the names of its fields that have one (unknown fields
    among them), so that later checks leave those fields out instead of reporting them twice."""
    try:
        _LINE.validate_python(line)
    except ValidationError as invalid:
        errors = invalid.errors(include_url=False, include_context=False, include_input=False)
    else:
        return [], set()
    unknown = sorted(_place(e["loc"]) for e in errors if e["type"] == "extra_forbidden")
    problems = [_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)}] if unknown else []
    problems += [_message(e) for e in errors if e["type"] != "extra_forbidden"]
    return problems, {str(e["loc"][0]) for e in errors if e["loc"]}
