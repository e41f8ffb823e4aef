"""Every write of the countries app: shipped data, imports, the country team's facts, corridors and their
tags. Each takes a keyword-only `actor`, runs in one transaction and is audited."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gcmhub.core.actors import Actor, acting_user
from gcmhub.core.audit import acting_as, record_event
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.countries import bilateral, importer, queries, shipped, unhcr
from gcmhub.countries.models import Corridor, CorridorTag, CountryFacts
from gcmhub.countries.values import StoreReport, store_values
from gcmhub.reference.models import Country, Organization, Region


def load_shipped_into(report: Any, *, actor: Actor) -> shipped.ShippedReport:
    """Load the shipped UN DESA totals as part of `load_reference` (its transaction, its report)."""
    result = shipped.load_shipped()
    table = report.table("indicator values (UN DESA International Migrant Stock 2020)")
    table.created = [None] * result.values.created
    table.updated = {n: ["value"] for n in range(result.values.updated)}
    table.unchanged = result.values.unchanged
    report.left_out.extend(result.unmapped)
    if result.values.changed:
        source = shipped.undesa_source()
        record_event(source, actor=actor, changes=_counts(result.values), note="load_reference")
    _load_refugees_into(report, actor=actor)
    _load_bilateral_into(report, actor=actor)
    return result


def _load_refugees_into(report: Any, *, actor: Actor) -> None:
    result = unhcr.load_refugees()
    table = report.table("refugees by country of origin (UNHCR)")
    table.created = [None] * result.values.created
    table.updated = {n: ["value"] for n in range(result.values.updated)}
    table.unchanged = result.values.unchanged
    report.left_out.extend(
        _("UNHCR origin %(code)s is not a reference country") % {"code": code}
        for code in sorted(result.unmapped)
    )
    if result.values.changed:
        record_event(unhcr.source(), actor=actor, changes=_counts(result.values), note="load_reference")


def _load_bilateral_into(report: Any, *, actor: Actor) -> None:
    result = bilateral.load_bilateral()
    table = report.table("bilateral migrant stock (UN DESA International Migrant Stock 2019)")
    table.created = [None] * result.created
    table.updated = {n: ["value"] for n in range(result.updated)}
    table.unchanged = result.unchanged
    report.left_out.extend(bilateral.unmapped_warning(name) for name in sorted(result.unmapped))
    if result.created or result.updated:
        counts = StoreReport(result.created, result.updated, result.unchanged)
        record_event(bilateral.source(), actor=actor, changes=_counts(counts), note="load_reference")


def _counts(report: StoreReport) -> dict[str, list[str]]:
    return {
        "values": ["", f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged"]
    }


@transaction.atomic
def import_values(content: bytes, filename: str, *, actor: Actor, dry_run: bool = False) -> StoreReport:
    """Import the secretariat's indicator values (CSV or XLSX). A file with any problem changes nothing and
    raises ValidationFailed listing every problem by line."""
    queries.check_may_import(actor)
    with acting_as(actor):
        rows = importer.parse_file(content, filename)
        report = store_values(rows)
        for source in {row.source for row in rows}:
            record_event(source, actor=actor, changes=_counts(report), note=f"import_indicators {filename}")
    if dry_run:
        transaction.set_rollback(True)
    return report


@transaction.atomic
def update_facts(
    country: Country, changes: dict[str, Any], co_leads: list[Organization] | None, *, actor: Actor
) -> CountryFacts:
    """Record the country team's facts; the secretariat and the country's Member State focal points only."""
    queries.check_may_edit_facts(actor, country)
    _check_years(changes)
    with acting_as(actor):
        facts, _created = CountryFacts.objects.get_or_create(country=country)
        for name, value in changes.items():
            setattr(facts, name, value)
        facts.updated_by = acting_user(actor)
        facts.save()
        if co_leads is not None:
            facts.network_co_leads.set(co_leads)
    return facts


def _check_years(changes: dict[str, Any]) -> None:
    start, end = changes.get("cooperation_framework_start"), changes.get("cooperation_framework_end")
    if start is not None and end is not None and end < start:
        raise ValidationFailed(
            _("The Cooperation Framework cannot end before it starts."), code="cycle_ends_before_start"
        )
    for name in ("cooperation_framework_start", "cooperation_framework_end", "renewal_year", "network_since"):
        year = changes.get(name)
        if year is not None and not queries.plausible_year(year):
            raise ValidationFailed(_("%(year)s is not a plausible year.") % {"year": year}, code="bad_year")


@transaction.atomic
def create_corridor(origin: Country | Region, destination: Country | Region, *, actor: Actor) -> Corridor:
    """A corridor between two places (countries or regions); the secretariat only."""
    queries.check_may_manage_corridors(actor)
    code = queries.corridor_code(origin, destination)
    if origin == destination:
        raise ValidationFailed(_("A corridor needs two different places."), code="same_place")
    if Corridor.objects.filter(code=code).exists():
        raise ValidationFailed(_("The corridor %(code)s exists already.") % {"code": code}, code="duplicate")
    with acting_as(actor):
        return Corridor.objects.create(
            code=code,
            origin_country=origin if isinstance(origin, Country) else None,
            origin_region=origin if isinstance(origin, Region) else None,
            destination_country=destination if isinstance(destination, Country) else None,
            destination_region=destination if isinstance(destination, Region) else None,
        )


@transaction.atomic
def tag_record(corridor: Corridor, kind: str, ref: str, *, actor: Actor) -> CorridorTag:
    """Tag a practice, programme or pledge with a corridor; the record must exist and be public."""
    queries.check_may_manage_corridors(actor)
    ref = queries.check_taggable(kind, ref)
    if CorridorTag.objects.filter(corridor=corridor, kind=kind, ref=ref).exists():
        raise ValidationFailed(_("This record is tagged with the corridor already."), code="duplicate")
    with acting_as(actor):
        return CorridorTag.objects.create(corridor=corridor, kind=kind, ref=ref)
