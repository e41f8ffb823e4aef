"""Storing a parsed plan as a new work plan version: one transaction, one audit event, tracking carried over
from the version it replaces. Re-importing a plan that parses to the same structure stores nothing."""

import datetime
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gcmhub.core.actors import Actor, acting_user
from gcmhub.core.audit import acting_as, record_event
from gcmhub.reference.models import MembershipGroup, Objective, Organization, ThematicArea
from gcmhub.workplan.importer.membership import Reference
from gcmhub.workplan.importer.structure import (
    GroupRef,
    ImportRejected,
    Issue,
    ParsedPlan,
    ParsedResult,
    ParsedSection,
)
from gcmhub.workplan.importer.timeframe import add_months
from gcmhub.workplan.models import (
    Activity,
    ActivityStatus,
    ExpectedResult,
    ImportIssue,
    LeadSource,
    Section,
    WorkPlan,
    WorkPlanVersion,
)

DEFAULT_PLAN_TITLE = "Multi-Annual Work Plan"


@dataclass
class ImportOutcome:
    """What an import did: the version now current, whether it was created (False: the file was unchanged),
    the anomalies found, and the version it replaced (for a diff)."""

    version: WorkPlanVersion
    created: bool
    issues: list[Issue] = field(default_factory=list)
    previous: WorkPlanVersion | None = None
    # Activities given the lead their result's membership line names (0 when nothing was stored).
    leads_proposed: int = 0


def reference_from_db() -> Reference:
    """The objectives, organization acronyms and membership-group aliases the importer links to."""
    titles = dict(Objective.objects.values_list("number", "title"))
    objectives = frozenset(titles)
    if not objectives:
        raise ImportRejected(
            _(
                "The reference data (GCM objectives, organizations) is not loaded yet; run “gcmhub "
                "load_reference” first."
            ),
            code="no_reference_data",
        )
    groups: dict[GroupRef, list[str]] = {}
    for group in MembershipGroup.objects.all():
        aliases = [a for a in (group.aliases or []) if isinstance(a, str)]
        groups[GroupRef(group.slug, group.name)] = aliases or [group.name]
    return Reference.build(
        objective_numbers=objectives,
        acronyms=frozenset(Organization.objects.values_list("acronym", flat=True)),
        groups=groups,
        objective_titles=titles,
    )


def planned_dates(start: datetime.date, max_months: int | None) -> tuple[datetime.date, datetime.date | None]:
    """An activity runs from the plan's start for its result's longest timeframe (no end without one)."""
    return start, add_months(start, max_months) if max_months is not None else None


def _lead_set_by_hand(activity: Activity) -> bool:
    """A lead chosen (or removed) by a person; a lead the import proposed is proposed afresh each version."""
    return activity.lead_source == LeadSource.MANUAL or bool(
        activity.lead_id and activity.lead_source != LeadSource.IMPORT
    )


def _has_tracking(activity: Activity) -> bool:
    version = activity.result.section.version
    default = planned_dates(version.start_date, activity.result.max_months)
    return bool(
        activity.status != ActivityStatus.NOT_STARTED
        or _lead_set_by_hand(activity)
        or activity.participants.all()
        or activity.updates.all()
        or (activity.planned_start, activity.planned_end) != default
    )


def _previous_activities(previous: WorkPlanVersion | None) -> dict[tuple[str, str], Activity]:
    if previous is None:
        return {}
    activities = (
        Activity.objects.filter(result__section__version=previous)
        .select_related("result__section__version")
        .prefetch_related("participants", "updates")
        .order_by("result__section__position", "result__position", "position")
    )
    matches: dict[tuple[str, str], Activity] = {}
    for activity in activities:
        matches.setdefault((activity.key, activity.text), activity)
    return matches


@transaction.atomic
def store_plan(
    parsed: ParsedPlan,
    *,
    actor: Actor,
    source_name: str,
    source_sha256: str,
    start_date: datetime.date,
    plan_slug: str,
) -> ImportOutcome:
    """Store `parsed` as the plan's new current version, unless the current version already has the same
    structure and start date (then nothing is written)."""
    digest = parsed.structure_sha256()
    plan, _created = WorkPlan.objects.get_or_create(
        slug=plan_slug, defaults={"title": parsed.title or DEFAULT_PLAN_TITLE}
    )
    # Imports of one plan queue behind each other, so two cannot both become version n+1.
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    previous = plan.versions.filter(is_current=True).first()
    if previous is not None and previous.structure_sha256 == digest and previous.start_date == start_date:
        return ImportOutcome(version=previous, created=False, issues=list(parsed.issues), previous=previous)

    issues = list(parsed.issues)
    old_activities = _previous_activities(previous)
    with acting_as(actor):
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        version = WorkPlanVersion.objects.create(
            plan=plan,
            number=(plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1,
            title=parsed.title or plan.title,
            source_name=source_name[:250],
            source_sha256=source_sha256,
            structure_sha256=digest,
            imported_by=acting_user(actor),
            start_date=start_date,
            is_current=True,
        )
        tree = _store_tree(parsed, version, old_activities)
        if previous is not None:
            issues += _report_carry_over(previous, version, tree.carried, old_activities)
        issues += tree.lead_issues + _unknown_area_issues(parsed)
        leads_proposed = tree.leads_proposed
        ImportIssue.objects.bulk_create(
            ImportIssue(version=version, line=i.line, severity=i.severity, code=i.code, message=i.message)
            for i in issues
        )
        record_event(
            version,
            actor=actor,
            action=LogEntry.Action.CREATE,
            changes={
                "number": [previous.number if previous else None, version.number],
                "structure_sha256": [previous.structure_sha256 if previous else None, digest],
            },
            note=_(
                "Imported “%(source)s” as version %(number)d: %(sections)d sections, %(results)d expected "
                "results, %(activities)d activities, %(leads)d leads proposed, %(issues)d issues reported."
            )
            % {
                "source": version.source_name,
                "number": version.number,
                "sections": len(parsed.sections),
                "results": parsed.result_count,
                "activities": parsed.activity_count,
                "leads": leads_proposed,
                "issues": len(issues),
            },
        )
    return ImportOutcome(
        version=version, created=True, issues=issues, previous=previous, leads_proposed=leads_proposed
    )


@dataclass
class _StoredTree:
    carried: int = 0
    leads_proposed: int = 0
    lead_issues: list[Issue] = field(default_factory=list)


def _store_tree(
    parsed: ParsedPlan, version: WorkPlanVersion, old_activities: dict[tuple[str, str], Activity]
) -> _StoredTree:
    """Create the sections, results and activities; count the activities that took over tracking and those
    given the lead their result's membership line names."""
    objectives = Objective.objects.in_bulk(
        {n for s in parsed.sections for n in s.objectives}, field_name="number"
    )
    organizations = Organization.objects.in_bulk(
        {a for s in parsed.sections for r in s.results for a in r.membership.organizations},
        field_name="acronym",
    )
    groups = MembershipGroup.objects.in_bulk(
        {g.slug for s in parsed.sections for r in s.results for g in r.membership.groups}, field_name="slug"
    )
    areas = ThematicArea.objects.in_bulk(
        {s.number for s in parsed.sections if s.number is not None}, field_name="number"
    )
    tree = _StoredTree()
    for section_position, parsed_section in enumerate(parsed.sections, start=1):
        section = Section.objects.create(
            version=version,
            kind=parsed_section.kind,
            number=parsed_section.number,
            title=parsed_section.title,
            position=section_position,
            line=parsed_section.line,
            thematic_area=_reference_area(parsed_section, areas),
        )
        # Fresh rows: add() inserts the links in one statement, set() would first read them back.
        section.objectives.add(*[objectives[n] for n in parsed_section.objectives if n in objectives])
        for result_position, parsed_result in enumerate(parsed_section.results, start=1):
            timeframe, membership = parsed_result.timeframe, parsed_result.membership
            result = ExpectedResult.objects.create(
                section=section,
                number=parsed_result.number,
                title=parsed_result.title,
                output=parsed_result.output,
                position=result_position,
                line=parsed_result.line,
                timeframe_text=timeframe.text,
                min_months=timeframe.min_months,
                max_months=timeframe.max_months,
                recurrence_months=timeframe.recurrence_months,
                open_ended=timeframe.open_ended,
                membership_text=membership.text,
                membership_tbd=membership.tbd,
                membership_tors=membership.tors,
            )
            if membership.organizations:
                result.organizations.add(
                    *[organizations[a] for a in membership.organizations if a in organizations]
                )
            if membership.groups:
                result.groups.add(*[groups[g.slug] for g in membership.groups if g.slug in groups])
            lead = next((organizations[a] for a in membership.leads if a in organizations), None)
            proposed = 0
            start, end = planned_dates(version.start_date, timeframe.max_months)
            for activity_position, parsed_activity in enumerate(parsed_result.activities, start=1):
                key = f"{parsed_section.key}.{parsed_result.number}.{activity_position}"
                old = old_activities.pop((key, parsed_activity.text), None)
                activity = Activity(
                    result=result,
                    number=parsed_activity.number,
                    text=parsed_activity.text,
                    position=activity_position,
                    line=parsed_activity.line,
                    planned_start=start,
                    planned_end=end,
                )
                taken_over = old is not None and _has_tracking(old)
                if old is not None and taken_over:
                    _carry_tracking(old, activity)
                    tree.carried += 1
                proposed += _propose_lead(activity, lead)
                activity.save()
                if old is not None and taken_over:
                    _move_related(old, activity)
            if lead is not None and proposed:
                tree.leads_proposed += proposed
                tree.lead_issues.append(_lead_proposed_issue(parsed_result, lead, proposed))
    return tree


def _reference_area(section: ParsedSection, areas: dict[int, ThematicArea]) -> ThematicArea | None:
    """The platform's thematic area a thematic-area section is, by its number."""
    if section.kind != Section.Kind.THEMATIC_AREA or section.number is None:
        return None
    return areas.get(section.number)


def _unknown_area_issues(parsed: ParsedPlan) -> list[Issue]:
    """A thematic area whose number the reference data lacks is stored without its link: say so."""
    numbers = {s.number for s in parsed.sections if s.kind == Section.Kind.THEMATIC_AREA and s.number}
    known = set(ThematicArea.objects.filter(number__in=numbers).values_list("number", flat=True))
    return [
        Issue(
            line=s.line,
            severity="warning",
            code="unknown_thematic_area",
            message=_(
                "Thematic area %(number)d is not among the platform's thematic areas; it is kept unlinked."
            )
            % {"number": s.number},
        )
        for s in parsed.sections
        if s.kind == Section.Kind.THEMATIC_AREA and s.number and s.number not in known
    ]


def _propose_lead(activity: Activity, lead: Organization | None) -> int:
    """Give `activity` the lead its result's membership line names, unless a person chose its lead."""
    if lead is None or activity.lead_id is not None or activity.lead_source == LeadSource.MANUAL:
        return 0
    activity.lead, activity.lead_source = lead, LeadSource.IMPORT
    return 1


def _lead_proposed_issue(result: ParsedResult, lead: Organization, count: int) -> Issue:
    values = {"lead": lead.acronym, "number": result.number, "count": count}
    if result.membership.leads_marked:
        message = _(
            "%(lead)s, marked as lead on the membership line of result %(number)d, was proposed as lead of "
            "%(count)d activities; its focal points can update them."
        )
    else:
        message = _(
            "%(lead)s, named first on the membership line of result %(number)d, was proposed as lead of "
            "%(count)d activities; its focal points can update them, and the secretariat can change the lead."
        )
    return Issue(result.line, "info", "lead_proposed", message % values)


def _carry_tracking(old: Activity, new: Activity) -> None:
    """`new` continues `old`: same status, lead chosen by hand and edited planned dates."""
    new.status = old.status
    if _lead_set_by_hand(old):
        new.lead_id, new.lead_source = old.lead_id, old.lead_source
    old_default = planned_dates(old.result.section.version.start_date, old.result.max_months)
    if (old.planned_start, old.planned_end) != old_default:
        new.planned_start, new.planned_end = old.planned_start, old.planned_end


def _move_related(old: Activity, new: Activity) -> None:
    """Participants and progress updates of `old` move to the saved `new`."""
    participants = list(old.participants.all())
    if participants:
        new.participants.set(participants)
    for update in old.updates.all():
        update.activity = new
        update.save(update_fields=["activity"])


def _report_carry_over(
    previous: WorkPlanVersion, version: WorkPlanVersion, carried: int, left: dict[tuple[str, str], Activity]
) -> list[Issue]:
    issues = []
    if carried:
        issues.append(
            Issue(
                None,
                "info",
                "tracking_carried_over",
                _(
                    "The tracking and progress updates of %(count)d activities were carried over from "
                    "version %(number)d."
                )
                % {"count": carried, "number": previous.number},
            )
        )
    for (key, text), activity in left.items():
        if _has_tracking(activity):
            issues.append(
                Issue(
                    None,
                    "warning",
                    "tracking_not_carried",
                    _(
                        "Activity %(key)s of version %(number)d (“%(text)s”) has tracking or progress "
                        "updates but no identical activity in version %(new)d; they stay with version "
                        "%(number)d."
                    )
                    % {"key": key, "number": previous.number, "text": text[:80], "new": version.number},
                )
            )
    return issues
