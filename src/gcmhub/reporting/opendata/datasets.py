"""The public datasets: what each holds, its data dictionary, its rows and when it last changed.

Every row comes from a query that returns only what the public may see (published resources, public
programmes of published funds, indicators of public frameworks, responses the secretariat made public), so
nothing unpublished can reach a file. Large tables are read with `iterator(chunk_size=…)`: the database is
read a chunk at a time, related rows prefetched per chunk, never the whole table at once.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gcmhub.fund import queries as fund
from gcmhub.knowledge import queries as knowledge
from gcmhub.reference.models import Objective
from gcmhub.reporting import coverage
from gcmhub.reporting.models import Answer
from gcmhub.reporting.opendata.pledges import PLEDGE_COLUMNS, pledge_rows, pledges_updated
from gcmhub.reporting.opendata.writers import Column, Table
from gcmhub.reporting.queries import public_responses
from gcmhub.results import queries as results
from gcmhub.workplan import queries as workplan

CHUNK = 1000
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
FORMATS = ("csv", "xlsx", "json")
Row = dict[str, Any]


def page_path(view: str, *args: Any) -> str:
    """A page's address on this platform, in the default language, so it is the same in every file."""
    with translation.override(None):
        return reverse(view, args=args)


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise
    description: Promise
    columns: list[Column]
    rows: Callable[[], Iterator[Row]]
    updated: Callable[[], datetime.datetime | None]

    def table(self) -> Table:
        return Table(name=self.slug, columns=self.columns, rows=self.rows(), meta=self.meta())

    def meta(self) -> dict[str, Any]:
        return {
            "dataset": self.slug,
            "title": str(self.title),
            "licence": LICENCE["name"],
            "licence_url": LICENCE["path"],
            "updated": self.updated(),
        }


def _max(*stamps: datetime.datetime | None) -> datetime.datetime | None:
    present = [s for s in stamps if s is not None]
    return max(present) if present else None


def _acronyms(organizations: Any) -> list[str]:
    return [o.acronym for o in organizations]


# ---- The work plan and its activities ---------------------------------------------------------------------


def _workplan_rows() -> Iterator[Row]:
    version = workplan.current_version()
    if version is None:
        return
    for section in workplan.sections_with_results(version):
        objectives = sorted(o.number for o in section.objectives.all())
        for result in section.results.all():
            yield {
                "key": f"{section.key}.{result.number}",
                "version": version.number,
                "section_key": section.key,
                "section_kind": section.kind,
                "section_title": section.title,
                "number": result.number,
                "title": result.title,
                "output": result.output,
                "timeframe": result.timeframe_text,
                "objectives": objectives,
                "organizations": _acronyms(result.organizations.all()),
                "activities": len(result.activities.all()),
                "url": page_path("workplan:result", result.pk),
            }


def _workplan_updated() -> datetime.datetime | None:
    version = workplan.current_version()
    return version.imported_at if version else None


def _activity_rows() -> Iterator[Row]:
    version = workplan.current_version()
    if version is None:
        return
    objectives = workplan.objectives_by_section(version)
    numbers = {o.pk: o.number for o in Objective.objects.all()}
    activities = workplan.filter_activities().filter(result__section__version=version)
    for activity in activities.iterator(chunk_size=CHUNK):
        section = activity.result.section
        yield {
            "key": activity.key,
            "result_key": activity.result.key,
            "section_key": section.key,
            "number": activity.number,
            "text": activity.text,
            "status": activity.status,
            "lead": activity.lead.acronym if activity.lead else None,
            "participants": _acronyms(activity.participants.all()),
            "planned_start": activity.planned_start,
            "planned_end": activity.planned_end,
            "objectives": sorted(numbers[pk] for pk in objectives.get(section.pk, set())),
            "updated_at": activity.updated_at,
            "url": page_path("workplan:activity", activity.pk),
        }


def _activities_updated() -> datetime.datetime | None:
    stamp = workplan.filter_activities().aggregate(last=Max("updated_at"))["last"]
    return _max(stamp, _workplan_updated())


# ---- Programmes and money ---------------------------------------------------------------------------------


def _delivery() -> dict[int, tuple[Decimal, Decimal]]:
    """Programme id -> (transfers, expenditure) to date, over every published fund."""
    sums: dict[int, tuple[Decimal, Decimal]] = {}
    for each in fund.visible_funds(coverage.PUBLIC):
        for row in fund.delivery_by_programme(each):
            sums[row.programme.pk] = (row.transfers, row.expenditure)
    return sums


def _programme_rows() -> Iterator[Row]:
    allocated = coverage.allocations()
    delivery = _delivery()
    programmes = coverage.public_programmes().prefetch_related("programme_objectives__objective")
    for programme in programmes.select_related("fund", "thematic_area"):
        links = list(programme.programme_objectives.all())
        transfers, expenditure = delivery.get(programme.pk, (coverage.ZERO, coverage.ZERO))
        yield {
            "code": programme.code,
            "title": programme.title,
            "fund": programme.fund.code,
            "level": programme.level,
            "status": programme.status,
            "thematic_area": programme.thematic_area.number,
            "primary_objectives": sorted(link.objective.number for link in links if link.is_primary),
            "secondary_objectives": sorted(link.objective.number for link in links if not link.is_primary),
            "countries": sorted(c.iso3 for c in programme.countries.all()),
            "start_date": programme.start_date,
            "end_date": programme.end_date,
            "approved_budget_usd": sum((p.budget_usd for p in programme.participants.all()), coverage.ZERO),
            "allocated_usd": allocated.get(programme.pk, coverage.ZERO),
            "transferred_usd": transfers,
            "expenditure_usd": expenditure,
            "updated_at": programme.updated_at,
            "url": page_path("fund:programme", programme.code),
        }


def _last_update(rows: Any) -> datetime.datetime | None:
    """When the newest of `rows` last changed (None for no rows)."""
    last: datetime.datetime | None = rows.aggregate(last=Max("updated_at"))["last"]
    return last


def _programmes_updated() -> datetime.datetime | None:
    return _last_update(coverage.public_programmes())


# ---- Indicators -------------------------------------------------------------------------------------------


def _indicator_rows() -> Iterator[Row]:
    links = coverage.plan_links()
    served: dict[int, set[int]] = {}
    for number, lines in coverage.indicator_lines(links).items():
        for line in lines:
            served.setdefault(line.indicator.pk, set()).add(number)
    programmes = {p.framework_id: p.code for p in coverage.public_programmes() if p.framework_id}
    for indicator in results.public_indicators().order_by("framework__code", "result__position", "position"):
        summary = results.summarize_indicator(indicator, indicator.framework)
        outcome = indicator.result.parent or indicator.result
        yield {
            "framework": indicator.framework.code,
            "framework_kind": indicator.framework.kind,
            "programme": programmes.get(indicator.framework_id),
            "workplan_key": indicator.result.workplan_key or outcome.workplan_key or None,
            "result": indicator.result.code,
            "code": indicator.code,
            "title": indicator.title,
            "unit": indicator.unit,
            "value_type": indicator.value_type,
            "baseline": summary.baseline.value if summary.baseline else None,
            "target": summary.target.value if summary.target else None,
            "actual": summary.actual.value if summary.actual else None,
            "progress": summary.progress,
            "status": summary.status,
            "objectives": sorted(served.get(indicator.pk, set())),
            "url": page_path("results:indicator", indicator.pk),
        }


def _indicators_updated() -> datetime.datetime | None:
    last = None
    for indicator in results.public_indicators():
        reports = [r.updated_at for r in getattr(indicator, "approved_reports", [])]
        last = _max(last, indicator.framework.updated_at, *reports)
    return last


# ---- Resources and national plans -------------------------------------------------------------------------


def _published() -> Any:
    return (
        knowledge.published_resources()
        .order_by("pk")
        .select_related("organization", "implementer")
        .prefetch_related("objective_links__objective", "thematic_areas", "regions", "countries")
    )


def _resource_rows() -> Iterator[Row]:
    for resource in _published().iterator(chunk_size=CHUNK):
        yield {
            "id": resource.pk,
            "kind": resource.kind,
            "title": resource.title,
            "summary": resource.summary,
            "language": resource.language,
            "objectives": sorted(link.objective.number for link in resource.objective_links.all()),
            "thematic_areas": sorted(area.number for area in resource.thematic_areas.all()),
            "countries": sorted(c.iso3 for c in resource.countries.all()),
            "regions": sorted(r.m49 for r in resource.regions.all()),
            "organization": resource.organization.acronym if resource.organization else None,
            "implementer": resource.implementer.acronym if resource.implementer else None,
            "published_on": resource.published_on,
            "source_url": resource.source_url,
            "resource_licence": resource.licence,
            "updated_at": resource.updated_at,
            "url": page_path("knowledge:resource", resource.pk),
        }


def _resources_updated() -> datetime.datetime | None:
    return _last_update(knowledge.published_resources())


def _plan_rows() -> Iterator[Row]:
    plans = _published().filter(kind=coverage.NATIONAL_PLAN).select_related("national_plan__country")
    for resource in plans.iterator(chunk_size=CHUNK):
        plan = getattr(resource, "national_plan", None)
        yield {
            "id": resource.pk,
            "country": plan.country.iso3 if plan else None,
            "country_name": plan.country.name_en if plan else None,
            "plan_type": plan.plan_type if plan else None,
            "plan_status": plan.plan_status if plan else None,
            "adopted_on": plan.adopted_on if plan else None,
            "period_start": plan.period_start if plan else None,
            "period_end": plan.period_end if plan else None,
            "lead_ministry": plan.lead_ministry if plan else None,
            "title": resource.title,
            "objectives": sorted(link.objective.number for link in resource.objective_links.all()),
            "published_on": resource.published_on,
            "updated_at": resource.updated_at,
            "url": page_path("knowledge:resource", resource.pk),
        }


def _plans_updated() -> datetime.datetime | None:
    plans = knowledge.published_resources(coverage.NATIONAL_PLAN)
    return _last_update(plans)


# ---- Call responses made public ---------------------------------------------------------------------------


def _response_rows() -> Iterator[Row]:
    answers = (
        Answer.objects.filter(response__in=public_responses())
        .select_related(
            "response__call",
            "response__organization__country",
            "question__objective",
            "question__principle",
        )
        .order_by("response_id", "question__section__position", "question__position", "question_id")
    )
    for answer in answers.iterator(chunk_size=CHUNK):
        if answer.is_empty:
            continue
        response, question = answer.response, answer.question
        country = response.organization.country
        yield {
            "response": response.pk,
            "call": response.call_id,
            "call_title": response.call.title,
            "purpose": response.call.purpose,
            "organization": response.organization.acronym,
            "organization_name": response.organization.name,
            "country": country.iso3 if country else None,
            "audience": response.audience,
            "language": response.language,
            "submitted_at": response.submitted_at,
            "late": response.is_late,
            "question": question.text,
            "objective": question.objective.number if question.objective else None,
            "principle": question.principle.slug if question.principle else None,
            "answer": answer.display,
            "url": page_path("reporting:response", response.pk),
        }


def _responses_updated() -> datetime.datetime | None:
    return _last_update(public_responses())


# ---- The catalogue ----------------------------------------------------------------------------------------

URL = Column("url", "text", _("Address of the record's page on this platform, relative to its domain."))
UPDATED = Column("updated_at", "datetime", _("When the record last changed."))
OBJECTIVES = Column("objectives", "list", _("Numbers of the GCM objectives (1 to 23) the record serves."))

DATASETS: list[Dataset] = [
    Dataset(
        "work-plan",
        _("Work plan"),
        _("The expected results of the current version of the Network's multi-annual work plan."),
        [
            Column("key", "text", _("Stable key of the expected result: section key, a dot, its number.")),
            Column("version", "integer", _("Number of the work plan version.")),
            Column(
                "section_key", "text", _("cc for the cross-cutting section, ta1, ta2, … for thematic areas.")
            ),
            Column("section_kind", "text", _("cross_cutting or thematic_area.")),
            Column("section_title", "text", _("Title of the section.")),
            Column("number", "integer", _("Number of the expected result in its section.")),
            Column("title", "text", _("The expected result.")),
            Column("output", "text", _("Its output, as the document states it.")),
            Column("timeframe", "text", _("Its timeframe, as the document states it.")),
            Column("objectives", "list", _("Numbers of the GCM objectives the section lists.")),
            Column("organizations", "list", _("Acronyms of the organizations named as its members.")),
            Column("activities", "integer", _("Number of its activities.")),
            URL,
        ],
        _workplan_rows,
        _workplan_updated,
    ),
    Dataset(
        "activities",
        _("Activities and their status"),
        _("Every activity of the current work plan with its tracking: status, lead, participants, dates."),
        [
            Column("key", "text", _("Stable key of the activity.")),
            Column("result_key", "text", _("Key of its expected result (see the work plan dataset).")),
            Column("section_key", "text", _("Key of its section.")),
            Column("number", "integer", _("Its number in the document, if it has one.")),
            Column("text", "text", _("The activity.")),
            Column("status", "text", _("not_started, in_progress, completed, delayed or cancelled.")),
            Column("lead", "text", _("Acronym of the lead organization.")),
            Column("participants", "list", _("Acronyms of the participating organizations.")),
            Column("planned_start", "date", _("Planned start.")),
            Column("planned_end", "date", _("Planned end.")),
            OBJECTIVES,
            UPDATED,
            URL,
        ],
        _activity_rows,
        _activities_updated,
    ),
    Dataset(
        "programmes",
        _("Joint programmes and their money"),
        _("Public joint programmes of published funds, with budgets, allocations, transfers and spending."),
        [
            Column("code", "text", _("Code of the joint programme.")),
            Column("title", "text", _("Title.")),
            Column("fund", "text", _("Code of the fund.")),
            Column("level", "text", _("national, regional or global.")),
            Column("status", "text", _("Stage of the programme in the fund's pipeline.")),
            Column("thematic_area", "integer", _("Number of the fund's thematic area.")),
            Column("primary_objectives", "list", _("GCM objectives the programme mainly serves.")),
            Column("secondary_objectives", "list", _("GCM objectives it also serves.")),
            Column("countries", "list", _("ISO 3166 alpha-3 codes of its countries.")),
            Column("start_date", "date", _("Start.")),
            Column("end_date", "date", _("End, before any extension.")),
            Column(
                "approved_budget_usd",
                "decimal",
                _("Approved budget in US dollars: the sum of the participating organizations' shares."),
            ),
            Column("allocated_usd", "decimal", _("Net allocations to date in US dollars.")),
            Column("transferred_usd", "decimal", _("Net transfers to participating organizations to date.")),
            Column("expenditure_usd", "decimal", _("Expenditure reported to date.")),
            UPDATED,
            URL,
        ],
        _programme_rows,
        _programmes_updated,
    ),
    Dataset(
        "indicators",
        _("Results indicators"),
        _("Indicators of public results frameworks: baseline, target, approved actuals and status."),
        [
            Column("framework", "text", _("Code of the results framework.")),
            Column("framework_kind", "text", _("fund, programme or workplan.")),
            Column("programme", "text", _("Code of the joint programme, for a programme's framework.")),
            Column("workplan_key", "text", _("Key of the work plan expected result it tracks, if any.")),
            Column("result", "text", _("Code of the outcome or output.")),
            Column("code", "text", _("Code of the indicator.")),
            Column("title", "text", _("The indicator.")),
            Column("unit", "text", _("Unit.")),
            Column("value_type", "text", _("number, percentage, ratio, yes_no or qualitative.")),
            Column("baseline", "decimal", _("Baseline value.")),
            Column("target", "decimal", _("Target over all periods.")),
            Column("actual", "decimal", _("Approved actual over all periods.")),
            Column("progress", "decimal", _("Progress from baseline to target (0 to 1).")),
            Column("status", "text", _("on_track, at_risk or off_track; empty before there is progress.")),
            OBJECTIVES,
            URL,
        ],
        _indicator_rows,
        _indicators_updated,
    ),
    Dataset(
        "resources",
        _("Published resources"),
        _("Practices, national plans, reviews, guidance, publications and platforms of the knowledge hub."),
        [
            Column("id", "integer", _("Identifier of the resource.")),
            Column("kind", "text", _("practice, national_plan, review, guidance, publication, training, …")),
            Column("title", "text", _("Title, in its original language.")),
            Column("summary", "text", _("Summary, in its original language.")),
            Column("language", "text", _("Original language (ar, zh, en, fr, ru or es).")),
            OBJECTIVES,
            Column("thematic_areas", "list", _("Numbers of the thematic areas.")),
            Column("countries", "list", _("ISO 3166 alpha-3 codes of the countries it concerns.")),
            Column("regions", "list", _("M49 codes of the regions it concerns.")),
            Column("organization", "text", _("Acronym of the submitting organization.")),
            Column("implementer", "text", _("Acronym of the implementing organization.")),
            Column("published_on", "date", _("Publication date.")),
            Column("source_url", "text", _("Where the resource comes from.")),
            Column("resource_licence", "text", _("The resource's own licence, as its submitter gave it.")),
            UPDATED,
            URL,
        ],
        _resource_rows,
        _resources_updated,
    ),
    Dataset(
        "national-plans",
        _("National implementation plans"),
        _("Published national implementation plans of the GCM, one row per plan."),
        [
            Column("id", "integer", _("Identifier of the plan's resource.")),
            Column("country", "text", _("ISO 3166 alpha-3 code of the country.")),
            Column("country_name", "text", _("Name of the country in English.")),
            Column("plan_type", "text", _("Type of plan.")),
            Column("plan_status", "text", _("in_preparation, under_review or adopted.")),
            Column("adopted_on", "date", _("Adoption date.")),
            Column("period_start", "integer", _("First year of the plan's period.")),
            Column("period_end", "integer", _("Last year of the plan's period.")),
            Column("lead_ministry", "text", _("Lead ministry.")),
            Column("title", "text", _("Title.")),
            OBJECTIVES,
            Column("published_on", "date", _("Publication date.")),
            UPDATED,
            URL,
        ],
        _plan_rows,
        _plans_updated,
    ),
    Dataset(
        "pledges",
        _("IMRF pledges"),
        _("Pledges the secretariat published, one row per pledge, with the latest progress reported."),
        PLEDGE_COLUMNS,
        pledge_rows,
        pledges_updated,
    ),
    Dataset(
        "call-responses",
        _("Public responses to calls for inputs"),
        _("Answers of the submitted responses the secretariat made public, one row per answered question."),
        [
            Column("response", "integer", _("Identifier of the response.")),
            Column("call", "integer", _("Identifier of the call for inputs.")),
            Column("call_title", "text", _("Title of the call.")),
            Column("purpose", "text", _("biennial_report, regional_review, imrf or thematic.")),
            Column("organization", "text", _("Acronym of the answering organization.")),
            Column("organization_name", "text", _("Name of the answering organization.")),
            Column("country", "text", _("ISO 3166 alpha-3 code of the organization's country.")),
            Column("audience", "text", _("member_states, network_members or stakeholders.")),
            Column("language", "text", _("Original language of the response.")),
            Column("submitted_at", "datetime", _("When the response was submitted.")),
            Column("late", "boolean", _("Whether it was first submitted after the closing date.")),
            Column("question", "text", _("The question.")),
            Column("objective", "integer", _("Number of the GCM objective the question is about.")),
            Column("principle", "text", _("Guiding principle the question is about.")),
            Column("answer", "text", _("The answer (for a file: its name).")),
            URL,
        ],
        _response_rows,
        _responses_updated,
    ),
]
BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}
