"""Writes to the reference tables. `load_reference` brings them in line with the catalogue
(gcmhub.reference.catalog) and the bundled country tables, in one transaction, changing only what differs."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.dispatch import Signal

from gcmhub.core.actors import Actor, acting_user
from gcmhub.core.audit import acting_as
from gcmhub.reference import catalog, sources
from gcmhub.reference.models import (
    Country,
    GuidingPrinciple,
    MembershipGroup,
    Objective,
    Organization,
    Region,
    SDGIndicator,
    ThematicArea,
    government_name,
)

M = TypeVar("M", bound=models.Model)

# Sent inside load_reference's transaction and audit context with `report` (a LoadReport), so apps above
# reference (countries: the shipped indicator data) load their shipped tables in the same run.
reference_loaded = Signal()


@dataclass
class TableReport:
    """What one run did to one table: keys created, keys updated (with the fields that changed)."""

    table: str
    created: list[Any] = field(default_factory=list)
    updated: dict[Any, list[str]] = field(default_factory=dict)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class LoadReport:
    tables: list[TableReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Rows of the shipped sources that name no reference country (regions, the Channel Islands, UNHCR's
    # codes for no country): the same on every run, so the command lists them only with -v 2.
    left_out: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(t.changed for t in self.tables)

    def table(self, name: str) -> TableReport:
        report = TableReport(name)
        self.tables.append(report)
        return report


@dataclass
class _Context:
    report: LoadReport
    actor: Actor
    cid: str


def _audit(
    model: type[models.Model],
    objects: Iterable[models.Model],
    action: int,
    changes: dict[Any, dict[str, list[str]]],
    key_field: str,
    ctx: _Context,
) -> None:
    """One audit entry per created or updated row, written in bulk (bulk writes send no model signals)."""
    content_type = ContentType.objects.get_for_model(model)
    user = acting_user(ctx.actor)
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk,
                object_repr=str(obj),
                action=action,
                changes=changes[getattr(obj, key_field)],
                actor=user,
                cid=ctx.cid,
                additional_data={"note": "load_reference"},
            )
            for obj in objects
        ],
        batch_size=500,
    )


def _sync(
    model: type[M], key_field: str, desired: dict[Any, dict[str, Any]], table: TableReport, ctx: _Context
) -> dict[Any, M]:
    """Create missing rows and update differing fields; rows not in `desired` are left alone. Returns every
    row by key, with primary keys, for the foreign keys of the next table."""
    manager = model._default_manager
    existing: dict[Any, M] = {getattr(o, key_field): o for o in manager.all()}
    to_create: list[M] = []
    to_update: list[M] = []
    changes: dict[Any, dict[str, list[str]]] = {}
    for key, values in desired.items():
        obj = existing.get(key)
        if obj is None:
            to_create.append(model(**{key_field: key}, **values))
            changes[key] = {name: ["None", str(value)] for name, value in values.items()}
            table.created.append(key)
            continue
        diff = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if not diff:
            table.unchanged += 1
            continue
        changes[key] = {name: [str(getattr(obj, name)), str(value)] for name, value in diff.items()}
        for name, value in diff.items():
            setattr(obj, name, value)
        to_update.append(obj)
        table.updated[key] = sorted(diff)
    if not (to_create or to_update):
        return existing
    manager.bulk_create(to_create, batch_size=500)
    if to_update:
        fields = sorted({name for names in table.updated.values() for name in names})
        manager.bulk_update(to_update, fields, batch_size=500)
    rows: dict[Any, M] = {getattr(o, key_field): o for o in manager.all()}
    created = [rows[key] for key in changes if key not in existing]
    _audit(model, created, LogEntry.Action.CREATE, changes, key_field, ctx)
    _audit(model, to_update, LogEntry.Action.UPDATE, changes, key_field, ctx)
    return rows


def _translations(**labels: catalog.Label | None) -> dict[str, dict[str, str]]:
    """What a record stores beside its English fields: each label in the other five languages."""
    return {name: label.translations for name, label in labels.items() if label is not None}


def _load_catalogue(ctx: _Context) -> None:
    report = ctx.report
    objectives = {
        o.number: {
            "title": o.title.en,
            "short_label": o.label.en,
            "translations": _translations(title=o.title, short_label=o.label),
        }
        for o in catalog.objectives()
    }
    _sync(Objective, "number", objectives, report.table("GCM objectives"), ctx)
    principles = {
        p.slug: {"number": position, "title": p.title.en, "translations": _translations(title=p.title)}
        for position, p in enumerate(catalog.principles(), 1)
    }
    _sync(GuidingPrinciple, "slug", principles, report.table("guiding principles"), ctx)
    groups = {
        g.slug: {"name": g.name.en, "aliases": list(g.aliases), "translations": _translations(name=g.name)}
        for g in catalog.groups()
    }
    _sync(MembershipGroup, "slug", groups, report.table("membership groups"), ctx)
    indicators = {
        s.code: {
            "target": s.target,
            "title": s.title.en,
            "position": position,
            "translations": _translations(title=s.title),
        }
        for position, s in enumerate(catalog.sdg_indicators(), 1)
    }
    _sync(SDGIndicator, "code", indicators, report.table("SDG indicators"), ctx)
    areas = {
        a.number: {"title": a.title.en, "translations": _translations(title=a.title)}
        for a in catalog.thematic_areas()
    }
    _sync(ThematicArea, "number", areas, report.table("thematic areas"), ctx)


def _region_values(row: sources.RegionRow, parent_id: int | None, ctx: _Context) -> dict[str, Any]:
    name = catalog.region_names().get(row.m49)
    if name is None:
        ctx.report.warnings.append(
            f"M49 region {row.m49} ({row.name}) has no names in data/reference/regions.json; it is loaded "
            "under its English name only."
        )
    return {
        "name": name.en if name is not None else row.name,
        "level": row.level,
        "parent_id": parent_id,
        "translations": _translations(name=name),
    }


def _load_places(ctx: _Context) -> dict[Any, Country]:
    region_rows, country_rows = sources.read_countries()
    regions: dict[Any, Region] = {}
    table = ctx.report.table("regions")
    # One level at a time, so every parent exists before its children point at it.
    for level in (Region.Level.REGION, Region.Level.SUB_REGION, Region.Level.INTERMEDIATE):
        desired = {
            row.m49: _region_values(row, regions[row.parent_m49].pk if row.parent_m49 else None, ctx)
            for row in region_rows
            if row.level == level
        }
        regions.update(_sync(Region, "m49", desired, table, ctx))

    def region_pk(m49: str | None) -> int | None:
        return regions[m49].pk if m49 else None

    desired_countries: dict[Any, dict[str, Any]] = {}
    for row in country_rows:
        values: dict[str, Any] = {
            "iso2": row.iso2,
            "m49": row.m49,
            **{f"name_{code}": name for code, name in row.names.items()},
            "region_id": region_pk(row.region_m49),
            "sub_region_id": region_pk(row.sub_region_m49),
            "intermediate_region_id": region_pk(row.intermediate_region_m49),
            "is_independent": row.is_independent,
            "is_un_member_state": row.is_independent and row.iso3 not in catalog.NON_MEMBER_STATES,
        }
        values["search_text"] = Country(iso3=row.iso3, **values).compute_search_text()
        desired_countries[row.iso3] = values
    return _sync(Country, "iso3", desired_countries, ctx.report.table("countries"), ctx)


def _load_organizations(countries: dict[Any, Country], ctx: _Context) -> None:
    desired: dict[Any, dict[str, Any]] = {}
    for entry in catalog.organizations():
        desired[entry.acronym] = {
            "name": entry.name.en,
            "kind": Organization.Kind.UN_ENTITY.value,
            "is_network_member": entry.is_network_member,
            "is_executive_committee": entry.is_executive_committee,
            "joined_executive_committee": entry.joined_executive_committee,
            "url": entry.url,
            "notes": entry.notes.en if entry.notes is not None else "",
            "translations": _translations(name=entry.name, notes=entry.notes),
            "country_id": None,
        }
    # Governments of independent States only: a territory's government is its administering State's.
    for iso3, country in sorted(countries.items()):
        if not country.is_independent:
            continue
        desired[f"GOV-{iso3}"] = {
            "name": government_name(country.name_en),
            "kind": Organization.Kind.GOVERNMENT.value,
            "country_id": country.pk,
            "is_network_member": False,
            "is_executive_committee": False,
        }
    _sync(Organization, "acronym", desired, ctx.report.table("organizations"), ctx)


@transaction.atomic
def load_reference(*, actor: Actor = None, dry_run: bool = False) -> LoadReport:
    """Create or update every reference table; a second run changes nothing. With `dry_run`, report what
    would change and roll back."""
    report = LoadReport()
    with acting_as(actor) as cid:
        ctx = _Context(report, actor, cid)
        _load_catalogue(ctx)
        countries = _load_places(ctx)
        _load_organizations(countries, ctx)
        reference_loaded.send(sender=LoadReport, report=report, actor=actor)
    if dry_run:
        transaction.set_rollback(True)
    return report
