"""The reference tables kept as data: GCM objectives and guiding principles, M49 region names, membership
groups, SDG indicators, the work plan's thematic areas and UN system entities, each with its labels in the
six UN languages and the origin of every label (an official source, or "project" for a translation written
for GCM Hub). The files are in data/reference/*.json; `gcmhub load_reference` writes them to the database.
Sources and how to update: docs/reference-data.md."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import override

DATA_DIR = Path(settings.PACKAGE_DIR).parent.parent / "data" / "reference"
# The six UN languages, by their code in the data files (Django's zh-hans is "zh").
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
# The origin of a label written for the platform rather than taken from an official text.
PROJECT = "project"

# A label in each of the six languages, and where each came from.
Labels = dict[str, str]
Origins = dict[str, str]


class CatalogError(ValueError):
    """A data file that breaks the rules: a missing language, an empty label, an unknown origin."""


def source_text(text: Promise | str) -> str:
    """The English source of a translatable string, whatever language is active."""
    with override(None):
        return str(text)


@dataclass(frozen=True)
class Label:
    """One label in the six languages; `origins` names, per language, a source of the file or "project"."""

    texts: Labels
    origins: Origins

    @property
    def en(self) -> str:
        return self.texts["en"]

    @property
    def translations(self) -> Labels:
        """The five languages other than English, as stored beside the English field."""
        return {code: text for code, text in self.texts.items() if code != "en"}


@dataclass(frozen=True)
class ObjectiveEntry:
    number: int
    title: Label
    label: Label


@dataclass(frozen=True)
class PrincipleEntry:
    slug: str
    title: Label


@dataclass(frozen=True)
class GroupEntry:
    slug: str
    name: Label
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class SDGIndicatorEntry:
    code: str
    target: str
    title: Label


@dataclass(frozen=True)
class OrganizationEntry:
    acronym: str
    name: Label
    url: str = ""
    is_network_member: bool = True
    is_executive_committee: bool = False
    # The year it joined the Executive Committee; None when the data does not record it.
    joined_executive_committee: int | None = None
    notes: Label | None = None


@dataclass(frozen=True)
class ThematicAreaEntry:
    number: int
    title: Label


def _label(item: dict[str, Any], name: str, sources: dict[str, Any], where: str) -> Label:
    texts = item.get(name)
    if not isinstance(texts, dict) or set(texts) != set(LANGUAGES):
        raise CatalogError(f"{where}: “{name}” must have exactly the languages {', '.join(LANGUAGES)}.")
    if not all(isinstance(text, str) and text.strip() and "_" not in text for text in texts.values()):
        raise CatalogError(f"{where}: “{name}” has an empty label or a placeholder (“_”).")
    origin = item.get("origin", {}).get(name)
    origins = dict.fromkeys(LANGUAGES, origin) if isinstance(origin, str) else origin
    if not isinstance(origins, dict) or set(origins) != set(LANGUAGES):
        raise CatalogError(f"{where}: the origin of “{name}” must be one source or one per language.")
    unknown = {o for o in origins.values() if o != PROJECT and o not in sources}
    if unknown:
        raise CatalogError(
            f"{where}: the origin {', '.join(sorted(unknown))} is not among the file's sources."
        )
    return Label({code: texts[code].strip() for code in LANGUAGES}, dict(origins))


def read_data_file(path: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The items of one data file, each with the file's sources, checked against the rules above."""
    data = json.loads(path.read_text(encoding="utf-8"))
    sources = data.get("sources", {})
    if PROJECT not in sources:
        raise CatalogError(f"{path.name}: the sources must describe “{PROJECT}”.")
    return [(item, sources) for item in data["items"]]


def _labels(path: Path, key: str, *names: str) -> list[tuple[dict[str, Any], dict[str, Label]]]:
    rows = []
    for item, sources in read_data_file(path):
        where = f"{path.name}, {item[key]}"
        rows.append((item, {name: _label(item, name, sources, where) for name in names if name in item}))
    return rows


@cache
def objectives() -> tuple[ObjectiveEntry, ...]:
    """The 23 objectives, titled as in the GCM as adopted (A/RES/73/195)."""
    rows = _labels(DATA_DIR / "objectives.json", "number", "title", "short_label")
    return tuple(
        ObjectiveEntry(item["number"], labels["title"], labels["short_label"]) for item, labels in rows
    )


@cache
def principles() -> tuple[PrincipleEntry, ...]:
    """The ten guiding principles, in the order of GCM paragraph 15."""
    rows = _labels(DATA_DIR / "principles.json", "slug", "title")
    return tuple(PrincipleEntry(item["slug"], labels["title"]) for item, labels in rows)


@cache
def groups() -> tuple[GroupEntry, ...]:
    """Groups the work plan names as members of a result, with the lower-case aliases the importer matches."""
    rows = _labels(DATA_DIR / "groups.json", "slug", "name")
    return tuple(GroupEntry(item["slug"], labels["name"], tuple(item["aliases"])) for item, labels in rows)


@cache
def sdg_indicators() -> tuple[SDGIndicatorEntry, ...]:
    """SDG indicators relevant to migration, in SDG order (which text sorting of the codes would not give)."""
    rows = _labels(DATA_DIR / "sdg_indicators.json", "code", "title")
    return tuple(SDGIndicatorEntry(item["code"], item["target"], labels["title"]) for item, labels in rows)


@cache
def organizations() -> tuple[OrganizationEntry, ...]:
    """UN system entities: the Network's members and the UN bodies the platform needs besides them."""
    rows = _labels(DATA_DIR / "organizations.json", "acronym", "name", "notes")
    return tuple(
        OrganizationEntry(
            acronym=item["acronym"],
            name=labels["name"],
            url=item.get("url", ""),
            is_network_member=item.get("is_network_member", True),
            is_executive_committee=item.get("is_executive_committee", False),
            joined_executive_committee=item.get("joined_executive_committee"),
            notes=labels.get("notes"),
        )
        for item, labels in rows
    )


@cache
def thematic_areas() -> tuple[ThematicAreaEntry, ...]:
    """The thematic areas of the Network's work plan, by number."""
    rows = _labels(DATA_DIR / "thematic_areas.json", "number", "title")
    return tuple(ThematicAreaEntry(item["number"], labels["title"]) for item, labels in rows)


@cache
def region_names() -> dict[str, Label]:
    """Names of the M49 regions, sub-regions and intermediate regions, by code."""
    rows = _labels(DATA_DIR / "regions.json", "m49", "name")
    return {item["m49"]: labels["name"] for item, labels in rows}


# Independent States that are not UN Member States (observer States and States in free association);
# every other independent country in the country table is a Member State.
NON_MEMBER_STATES = frozenset({"VAT", "PSE", "COK", "NIU"})
