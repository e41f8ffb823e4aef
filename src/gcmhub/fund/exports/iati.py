"""Joint programmes as IATI 2.03 activities: participating organizations with their roles, budgets,
transactions, results with indicators, baselines and periods, SDG tags, GCM objectives as a custom vocabulary
and the programme markers; validated against the IATI schema shipped in data/iati-2.03/."""

import datetime
import functools
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from lxml import etree

from gcmhub.fund.models import (
    PUBLIC_STATUSES,
    Allocation,
    Fund,
    JointProgramme,
    ProgrammeDocument,
    ProgrammeEntry,
    ProgrammeStatus,
)
from gcmhub.fund.queries.balances import split
from gcmhub.fund.queries.reversals import entry_date
from gcmhub.reference.models import Organization
from gcmhub.results.models import Indicator, ReportStatus, Result

IATI_VERSION = "2.03"
SCHEMA_DIR = Path(settings.PACKAGE_DIR).parent.parent / "data" / "iati-2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# DAC 5-digit purpose code: facilitation of orderly, safe, regular and responsible migration and mobility.
MIGRATION_SECTOR = "15190"
S = ProgrammeStatus
ACTIVITY_STATUS: dict[str, str] = {
    S.CONCEPT_NOTE: "1",
    S.UNDER_REVIEW: "1",
    S.APPROVED: "1",
    S.FUNDED: "2",
    S.ACTIVE: "2",
    S.OPERATIONALLY_CLOSED: "3",
    S.FINANCIALLY_CLOSED: "4",
    S.REJECTED: "5",
    S.WITHDRAWN: "5",
}
ORGANISATION_TYPE: dict[str, str] = {
    Organization.Kind.UN_ENTITY: "40",
    Organization.Kind.GOVERNMENT: "10",
    Organization.Kind.CSO: "22",
    Organization.Kind.NHRI: "80",
    Organization.Kind.ACADEMIA: "80",
    Organization.Kind.PRIVATE_SECTOR: "70",
    Organization.Kind.MIGRANT_ASSOCIATION: "22",
    Organization.Kind.REGIONAL_BODY: "40",
    Organization.Kind.OTHER: "90",
}
MEASURE: dict[str, str] = {
    Indicator.ValueType.NUMBER: "1",
    Indicator.ValueType.PERCENTAGE: "2",
    Indicator.ValueType.RATIO: "1",
    Indicator.ValueType.YES_NO: "3",
    Indicator.ValueType.QUALITATIVE: "5",
}
DOCUMENT_CATEGORY: dict[str, str] = {
    ProgrammeDocument.Kind.CONCEPT_NOTE: "A02",
    ProgrammeDocument.Kind.PROGRAMME_DOCUMENT: "A02",
    ProgrammeDocument.Kind.BUDGET: "A05",
    ProgrammeDocument.Kind.PROGRESS_REPORT: "A08",
    ProgrammeDocument.Kind.EVALUATION: "A07",
    ProgrammeDocument.Kind.OTHER: "A02",
}
# Result types: 1 output, 2 outcome. Transaction types: 2 outgoing commitment, 3 disbursement, 4 expenditure.
RESULT_TYPE: dict[str, str] = {Result.Level.OUTPUT: "1", Result.Level.OUTCOME: "2"}


class IatiError(Exception):
    """The export cannot be made (no identifier, no schema) or does not validate."""


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _el(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str | None
) -> etree._Element:
    element = etree.SubElement(
        parent, tag, {k.replace("_", "-"): v for k, v in attributes.items() if v is not None}
    )
    if text is not None:
        narrative = etree.SubElement(element, "narrative")
        narrative.text = text
    return element


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def identifier(fund: Fund, programme: JointProgramme) -> str:
    return f"{fund.iati_org_ref}-{programme.code}"


def _participating(activity: etree._Element, programme: JointProgramme) -> None:
    fund = programme.fund
    _el(activity, "participating-org", fund.name, role="1", type="40")
    participants = list(programme.participants.select_related("organization"))
    for participant in participants:
        if participant.is_convening:
            org = participant.organization
            _el(activity, "participating-org", org.name, role="2", type=ORGANISATION_TYPE.get(org.kind, "90"))
    if fund.administrative_agent:
        agent = fund.administrative_agent
        _el(activity, "participating-org", agent.name, role="3", type=ORGANISATION_TYPE.get(agent.kind, "40"))
    for participant in participants:
        org = participant.organization
        _el(activity, "participating-org", org.name, role="4", type=ORGANISATION_TYPE.get(org.kind, "90"))
    for partner in programme.partners.select_related("organization"):
        kind = partner.organization.kind if partner.organization else None
        default = "10" if partner.kind == "national" else "22"
        _el(
            activity,
            "participating-org",
            partner.name,
            role="4",
            type=ORGANISATION_TYPE.get(kind, default) if kind else default,
        )


def _dates(activity: etree._Element, programme: JointProgramme) -> None:
    # The actual start is the first transfer that stands: neither reversed nor a reversal.
    first_transfer = (
        programme.entries.filter(
            kind=ProgrammeEntry.Kind.TRANSFER, reverses__isnull=True, reversed_by__isnull=True
        )
        .order_by("date")
        .first()
    )
    if programme.start_date:
        _el(activity, "activity-date", type="1", iso_date=programme.start_date.isoformat())
    if first_transfer:
        _el(activity, "activity-date", type="2", iso_date=first_transfer.date.isoformat())
    end = programme.current_end
    if end:
        _el(activity, "activity-date", type="3", iso_date=end.isoformat())
    if not (programme.start_date or first_transfer or end):
        _el(activity, "activity-date", type="1", iso_date=programme.created_at.date().isoformat())


def _geography(activity: etree._Element, programme: JointProgramme) -> None:
    countries = [c for c in programme.countries.all() if c.iso2]
    scope = {"global": "1", "regional": "2"}.get(programme.level, "4" if len(countries) <= 1 else "3")
    _el(activity, "activity-scope", code=scope)
    if countries:
        shares = split(Decimal(100), len(countries))
        for country, share in zip(countries, shares, strict=True):
            _el(activity, "recipient-country", country.name_en, code=country.iso2, percentage=_number(share))
    else:
        # DAC region 998: developing countries, unspecified.
        _el(
            activity,
            "recipient-region",
            "Developing countries, unspecified",
            code="998",
            vocabulary="1",
            percentage="100",
        )
    _el(activity, "sector", code=MIGRATION_SECTOR, vocabulary="1", percentage="100")


def _tags(activity: etree._Element, programme: JointProgramme, indicators: list[Indicator]) -> None:
    targets = sorted({i.sdg_indicator.target for i in indicators if i.sdg_indicator})
    for target in targets:
        _el(activity, "tag", code=target, vocabulary="3")
    for link in programme.programme_objectives.select_related("objective"):
        objective = link.objective
        primary = " (primary)" if link.is_primary else ""
        label = f"GCM objective {objective.number}{primary}: {objective.short_label}"
        _el(
            activity,
            "tag",
            label,
            code=f"GCM-{objective.number}",
            vocabulary="99",
            vocabulary_uri=_site("/api/v1/reference/objectives"),
        )


def _markers(activity: etree._Element, programme: JointProgramme) -> None:
    for marker in programme.markers.all():
        _el(
            activity,
            "policy-marker",
            f"{marker.get_kind_display()}: {marker.justification}",
            vocabulary="99",
            vocabulary_uri=_site("/fund/"),
            code=marker.kind,
            significance=str(marker.score),
        )


def _budgets(activity: etree._Element, programme: JointProgramme) -> None:
    """The budget split over the programme's years (IATI budgets span at most a year), by days."""
    budget = sum((p.budget_usd for p in programme.participants.all()), Decimal(0))
    start, end = programme.start_date, programme.current_end
    if not budget or not start or not end or end < start:
        return
    periods: list[tuple[datetime.date, datetime.date]] = []
    cursor = start
    while cursor <= end:
        year_end = min(datetime.date(cursor.year, 12, 31), end)
        periods.append((cursor, year_end))
        cursor = year_end + datetime.timedelta(days=1)
    days = (end - start).days + 1
    shares = [(budget * ((b - a).days + 1) / days).quantize(Decimal("0.01")) for a, b in periods]
    shares[-1] = budget - sum(shares[:-1], Decimal(0))
    for (a, b), share in zip(periods, shares, strict=True):
        element = _el(activity, "budget", type="1", status="2")
        _el(element, "period-start", iso_date=a.isoformat())
        _el(element, "period-end", iso_date=b.isoformat())
        _el(element, "value", currency="USD", value_date=a.isoformat()).text = _amount(share)


def _transaction(
    activity: etree._Element,
    kind: str,
    date: datetime.date,
    value: Decimal,
    description: str,
    provider: str | None = None,
    receiver: str | None = None,
) -> None:
    element = _el(activity, "transaction")
    _el(element, "transaction-type", code=kind)
    _el(element, "transaction-date", iso_date=date.isoformat())
    _el(element, "value", currency="USD", value_date=date.isoformat()).text = _amount(value)
    _el(element, "description", description)
    if provider:
        _el(element, "provider-org", provider)
    if receiver:
        _el(element, "receiver-org", receiver)


def _described(description: str, entry: Allocation | ProgrammeEntry) -> str:
    """A reversal says what it reverses and why; its value already has the opposite sign."""
    if entry.reverses is None:
        return description
    original = entry_date(entry.reverses).isoformat()
    return f"{description} reversed (entry of {original}): {entry.reversal_reason}"


def _transactions(activity: etree._Element, programme: JointProgramme) -> None:
    fund_name = programme.fund.name
    for allocation in programme.allocations.select_related("reverses").order_by("date", "pk"):
        _transaction(
            activity,
            "2",
            allocation.date,
            allocation.amount_usd,
            _described("Allocation by the Steering Committee", allocation),
            provider=fund_name,
        )
    for entry in programme.entries.select_related("organization", "reverses").order_by("date", "pk"):
        org = entry.organization.name
        if entry.kind == ProgrammeEntry.Kind.TRANSFER:
            _transaction(
                activity,
                "3",
                entry.date,
                entry.amount_usd,
                _described("Transfer", entry),
                provider=fund_name,
                receiver=org,
            )
        elif entry.kind == ProgrammeEntry.Kind.REFUND:
            # A refund reverses part of a disbursement.
            _transaction(
                activity,
                "3",
                entry.date,
                -entry.amount_usd,
                _described("Refund to the fund", entry),
                provider=fund_name,
                receiver=org,
            )
        else:
            _transaction(
                activity, "4", entry.date, entry.amount_usd, _described("Expenditure", entry), provider=org
            )


def _documents(activity: etree._Element, programme: JointProgramme) -> None:
    for document in programme.documents.filter(is_public=True).order_by("pk"):
        url = document.url or _site(reverse("fund:document", args=[document.pk]))
        element = etree.SubElement(
            activity, "document-link", url=url, format=document.content_type or "text/html"
        )
        _el(element, "title", document.title)
        _el(element, "category", code=DOCUMENT_CATEGORY.get(document.kind, "A02"))
        if document.document_date:
            _el(element, "document-date", iso_date=document.document_date.isoformat())


def _indicator(result_el: etree._Element, indicator: Indicator) -> None:
    qualitative = indicator.value_type == Indicator.ValueType.QUALITATIVE
    attributes = {"measure": MEASURE[indicator.value_type]}
    if not qualitative:
        attributes["ascending"] = "true" if indicator.direction == Indicator.Direction.HIGHER else "false"
    element = _el(result_el, "indicator", **attributes)
    _el(element, "title", f"{indicator.code} {indicator.title}")
    if indicator.definition:
        _el(element, "description", indicator.definition)
    if indicator.sdg_indicator:
        _el(element, "reference", vocabulary="9", code=indicator.sdg_indicator.code)
    baseline_year = indicator.baseline_date.year if indicator.baseline_date else None
    if baseline_year and (indicator.baseline_value is not None or indicator.baseline_text):
        baseline = _el(
            element,
            "baseline",
            year=str(baseline_year),
            # baseline_year comes from baseline_date, so the date is set.
            iso_date=indicator.baseline_date.isoformat(),  # type: ignore[union-attr]
            value=None if qualitative else _number(indicator.baseline_value),
        )
        if indicator.baseline_text:
            _el(baseline, "comment", indicator.baseline_text)
    targets = {t.period: t for t in indicator.targets.all()}
    reports = {
        r.period: r for r in indicator.reports.filter(status=ReportStatus.APPROVED).prefetch_related("values")
    }
    for period in sorted(set(targets) | set(reports)):
        target, report = targets.get(period), reports.get(period)
        span = target or report
        period_el = _el(element, "period")
        # the period is a key of targets or reports, so one of the two is there.
        _el(period_el, "period-start", iso_date=span.period_start.isoformat())  # type: ignore[union-attr]
        _el(period_el, "period-end", iso_date=span.period_end.isoformat())  # type: ignore[union-attr]
        if target:
            target_el = _el(period_el, "target", value=None if qualitative else _number(target.value))
            if target.text:
                _el(target_el, "comment", target.text)
        if report:
            for cell in report.values.all():
                actual = _el(period_el, "actual", value=None if qualitative else _number(cell.value))
                for name, value in sorted(cell.disaggregation.items()):
                    _el(actual, "dimension", name=name, value=value)
                if cell.text:
                    _el(actual, "comment", cell.text)


def _results(activity: etree._Element, programme: JointProgramme) -> list[Indicator]:
    if programme.framework is None:
        return []
    exported: list[Indicator] = []
    results = Result.objects.filter(framework=programme.framework).prefetch_related(
        "indicators__targets", "indicators__sdg_indicator"
    )
    for result in results.order_by("position", "code"):
        indicators = list(result.indicators.all())
        if not indicators:
            continue  # IATI requires at least one indicator per result
        element = _el(activity, "result", type=RESULT_TYPE[result.level])
        _el(element, "title", f"{result.code} {result.title}")
        if result.description:
            _el(element, "description", result.description)
        for indicator in indicators:
            _indicator(element, indicator)
        exported += indicators
    return exported


def activity(programme: JointProgramme) -> etree._Element:
    fund = programme.fund
    element = etree.Element(
        "iati-activity",
        {
            "default-currency": "USD",
            "last-updated-datetime": programme.updated_at.replace(microsecond=0).isoformat(),
            XML_LANG: "en",
        },
    )
    etree.SubElement(element, "iati-identifier").text = identifier(fund, programme)
    reporting = fund.administrative_agent.name if fund.administrative_agent else fund.name
    _el(element, "reporting-org", reporting, ref=fund.iati_org_ref, type="40")
    _el(element, "title", programme.title)
    _el(element, "description", programme.summary or programme.title, type="1")
    _participating(element, programme)
    _el(element, "activity-status", code=ACTIVITY_STATUS[programme.status])
    _dates(element, programme)
    _geography(element, programme)
    # Results are built first (they are placed last) to know which SDG targets to tag.
    scratch = etree.Element("scratch")
    indicators = _results(scratch, programme)
    _tags(element, programme, indicators)
    _markers(element, programme)
    _el(element, "collaboration-type", code="2")
    _el(element, "default-finance-type", code="110")
    _budgets(element, programme)
    _transactions(element, programme)
    _documents(element, programme)
    for result in scratch:
        element.append(result)
    return element


def exportable_programmes(fund: Fund | None = None) -> list[JointProgramme]:
    """Approved programmes (and later) of published funds: what the public may see."""
    programmes = JointProgramme.objects.filter(status__in=PUBLIC_STATUSES, fund__is_published=True)
    if fund is not None:
        programmes = programmes.filter(fund=fund)
    return list(
        programmes.select_related("fund__administrative_agent", "framework")
        .prefetch_related("countries", "participants__organization", "markers")
        .order_by("code")
    )


def activities_xml(programmes: Iterable[JointProgramme], generated: datetime.datetime | None = None) -> bytes:
    programmes = list(programmes)
    missing = sorted({p.fund.code for p in programmes if not p.fund.iati_org_ref})
    if missing:
        raise IatiError(
            gettext("Set the IATI organisation identifier of these funds first: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    if not programmes:
        raise IatiError(gettext("There is no approved programme of a published fund to export."))
    root = etree.Element(
        "iati-activities",
        {
            "version": IATI_VERSION,
            "generated-datetime": (generated or timezone.now()).replace(microsecond=0).isoformat(),
        },
    )
    for programme in programmes:
        root.append(activity(programme))
    document: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return document


@functools.lru_cache(maxsize=2)
def schema(directory: Path = SCHEMA_DIR) -> etree.XMLSchema:
    path = directory / "iati-activities-schema.xsd"
    if not path.exists():
        raise IatiError(gettext("The IATI schema is missing: %(path)s") % {"path": path})
    return etree.XMLSchema(etree.parse(str(path)))


def validation_errors(xml: bytes, directory: Path = SCHEMA_DIR) -> list[str]:
    """Every way `xml` departs from the IATI 2.03 activity schema (empty: valid)."""
    checker = schema(directory)
    document = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    if checker.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


def export(fund: Fund | None = None) -> bytes:
    """Valid IATI XML for the exportable programmes, or IatiError saying why not."""
    xml = activities_xml(exportable_programmes(fund))
    errors = validation_errors(xml)
    if errors:
        raise IatiError(
            gettext("The IATI export does not validate: %(errors)s") % {"errors": "; ".join(errors[:5])}
        )
    return xml
