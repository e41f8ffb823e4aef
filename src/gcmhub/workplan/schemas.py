"""Work plan API schemas. The version document mirrors gcmhub.workplan.export.version_as_dict exactly."""

import datetime
from typing import Any

from auditlog.models import LogEntry
from ninja import Field, Schema
from pydantic import field_validator

from gcmhub.core.schemas import InputSchema
from gcmhub.workplan.models import Activity, ActivityStatus, ExpectedResult, ProgressUpdate, Section, WorkPlan
from gcmhub.workplan.queries import CoverageRow

# The stable JSON document of one version (docs/workplan-json.md).


class ActivityDoc(Schema):
    number: int | None
    text: str


class TimeframeDoc(Schema):
    text: str | None = Field(..., description="The timeframe as written in the plan.")
    min_months: int | None
    max_months: int | None
    recurrence_months: int | None
    open_ended: bool


class MembershipDoc(Schema):
    text: str | None = Field(..., description="The membership line as written in the plan.")
    organizations: list[str] = Field(..., description="Acronyms of the organizations named.")
    groups: list[str] = Field(..., description="Groups named (Network members, CSOs, …).")
    tbd: bool = Field(..., description="The plan says membership is still to be determined.")


class ResultDoc(Schema):
    number: int
    title: str
    output: str | None
    activities: list[ActivityDoc]
    timeframe: TimeframeDoc
    membership: MembershipDoc


class SectionDoc(Schema):
    kind: str = Field(..., examples=["cross_cutting", "thematic_area"])
    number: int | None = Field(
        ..., description="The thematic area's number; null for the cross-cutting section."
    )
    title: str
    objectives: list[int] = Field(..., description="Numbers of the GCM objectives the section lists.")
    results: list[ResultDoc]


class VersionDoc(Schema):
    title: str
    version: int
    sections: list[SectionDoc]


# Plans, versions and the import report.


class PlanOut(Schema):
    slug: str
    title: str
    current_version: int | None = Field(
        ..., description="Number of the current version; null before an import."
    )

    @staticmethod
    def resolve_current_version(obj: WorkPlan) -> int | None:
        return getattr(obj, "current_number", None)


class VersionOut(Schema):
    number: int
    title: str
    imported_at: datetime.datetime
    source_name: str
    is_current: bool
    issue_count: int = Field(..., description="Problems the importer reported for this version.")


class ImportIssueOut(Schema):
    line: int | None = Field(..., description="Line of the source document.")
    severity: str = Field(..., examples=["warning"])
    code: str
    message: str


# References and tracking.


class ResultRef(Schema):
    id: int
    key: str = Field(
        ..., description="Stable across versions: section key and result number.", examples=["cc.6"]
    )
    number: int
    title: str


class PlanSectionOut(Schema):
    id: int
    key: str = Field(
        ..., description="cc for the cross-cutting section, taN for thematic area N.", examples=["ta1"]
    )
    kind: str
    number: int | None
    title: str
    objectives: list[int]
    results: list[ResultRef]

    @staticmethod
    def resolve_objectives(obj: Section) -> list[int]:
        return sorted(o.number for o in obj.objectives.all())

    @staticmethod
    def resolve_results(obj: Section) -> list[ExpectedResult]:
        return list(obj.results.all())


class ActivitySummaryOut(Schema):
    id: int
    key: str = Field(..., examples=["cc.6.1"])
    number: int | None
    text: str
    status: str = Field(..., description=f"One of: {', '.join(ActivityStatus.values)}.")
    lead: str | None = Field(..., description="Acronym of the lead organization.")
    lead_source: str = Field(
        ...,
        description="Who chose the lead: import (proposed from the plan's membership line; a re-import may "
        "replace it), manual (set by a person; kept on re-import), or empty (not chosen yet).",
    )
    participants: list[str] = Field(..., description="Acronyms of the participating organizations.")
    planned_start: datetime.date | None
    planned_end: datetime.date | None
    overdue: bool = Field(..., description="Past its planned end and neither completed nor cancelled.")

    @staticmethod
    def resolve_lead(obj: Activity) -> str | None:
        return obj.lead.acronym if obj.lead else None

    @staticmethod
    def resolve_participants(obj: Activity) -> list[str]:
        return sorted(o.acronym for o in obj.participants.all())

    @staticmethod
    def resolve_overdue(obj: Activity) -> bool:
        return obj.is_overdue()


class ActivityOut(ActivitySummaryOut):
    plan: str = Field(..., description="The plan's slug.")
    version: int
    section: str = Field(..., description="The section's key.")
    result: ResultRef

    @staticmethod
    def resolve_plan(obj: Activity) -> str:
        return obj.result.section.version.plan.slug

    @staticmethod
    def resolve_version(obj: Activity) -> int:
        return obj.result.section.version.number

    @staticmethod
    def resolve_section(obj: Activity) -> str:
        return obj.result.section.key


class ProgressUpdateOut(Schema):
    id: int
    date: datetime.date
    text: str
    status: str
    evidence_url: str
    author: str | None = Field(..., description="Username of who reported it.")
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj: ProgressUpdate) -> str | None:
        return obj.author.get_username() if obj.author else None


class ActivityDetailOut(ActivityOut):
    updates: list[ProgressUpdateOut] = Field(..., description="Progress updates, newest first.")

    @staticmethod
    def resolve_updates(obj: Activity) -> list[ProgressUpdate]:
        return list(obj.updates.all())


class SectionRef(Schema):
    id: int
    key: str
    kind: str
    number: int | None
    title: str


class ResultMembershipOut(MembershipDoc):
    terms_of_reference: bool = Field(..., description="Membership is defined by terms of reference.")


class ExpectedResultOut(Schema):
    id: int
    key: str
    number: int
    title: str
    output: str | None
    plan: str
    version: int
    section: SectionRef
    timeframe: TimeframeDoc
    membership: ResultMembershipOut
    activities: list[ActivitySummaryOut]

    @staticmethod
    def resolve_plan(obj: ExpectedResult) -> str:
        return obj.section.version.plan.slug

    @staticmethod
    def resolve_version(obj: ExpectedResult) -> int:
        return obj.section.version.number

    @staticmethod
    def resolve_timeframe(obj: ExpectedResult) -> dict[str, Any]:
        return {
            "text": obj.timeframe_text,
            "min_months": obj.min_months,
            "max_months": obj.max_months,
            "recurrence_months": obj.recurrence_months,
            "open_ended": obj.open_ended,
        }

    @staticmethod
    def resolve_membership(obj: ExpectedResult) -> dict[str, Any]:
        return {
            "text": obj.membership_text,
            "organizations": sorted(o.acronym for o in obj.organizations.all()),
            "groups": sorted(g.name for g in obj.groups.all()),
            "tbd": obj.membership_tbd,
            "terms_of_reference": obj.membership_tors,
        }

    @staticmethod
    def resolve_activities(obj: ExpectedResult) -> list[Activity]:
        return list(obj.activities.all())


class CoverageRowOut(Schema):
    number: int = Field(..., description="The GCM objective's number.")
    label: str = Field(..., description="The objective's short label.")
    results: list[ResultRef] = Field(
        ..., description="Results of the thematic areas that list the objective."
    )
    activity_count: int
    only_cross_cutting: bool = Field(..., description="Served only through the cross-cutting section.")
    is_gap: bool = Field(..., description="No thematic area lists the objective.")

    @staticmethod
    def resolve_number(obj: CoverageRow) -> int:
        return obj.objective.number

    @staticmethod
    def resolve_label(obj: CoverageRow) -> str:
        return obj.objective.label_display


class CoverageOut(Schema):
    plan: str
    version: int
    objectives: list[CoverageRowOut]


class HistoryEventOut(Schema):
    id: int
    timestamp: datetime.datetime
    actor: str | None = Field(..., description="Username of who made the change; null for the system.")
    action: str = Field(..., examples=["create", "update", "delete"])
    object: str = Field(..., description="What changed.", examples=["activity", "progressupdate"])
    object_id: int | None
    object_repr: str
    changes: dict[str, Any] = Field(..., description="Per field: [before, after] (or an m2m change).")

    @staticmethod
    def resolve_actor(obj: LogEntry) -> str | None:
        return obj.actor.get_username() if obj.actor else None

    @staticmethod
    def resolve_action(obj: LogEntry) -> str:
        return {0: "create", 1: "update", 2: "delete", 3: "access"}.get(obj.action, str(obj.action))

    @staticmethod
    def resolve_object(obj: LogEntry) -> str:
        model: str = obj.content_type.model
        return model

    @staticmethod
    def resolve_changes(obj: LogEntry) -> dict[str, Any]:
        return dict(obj.changes_dict or {})


# Writes.


class ActivityPatchIn(InputSchema):
    """Fields left out keep their value; null empties the lead or a planned date."""

    status: ActivityStatus | None = Field(None, description="May not be null.")
    lead: str | None = Field(
        None, description="Acronym of the lead organization; null for none.", examples=["IOM"]
    )
    participants: list[str] | None = Field(
        None,
        description="Acronyms of every participating organization (replaces the list; [] for none). "
        "May not be null.",
        examples=[["DESA"]],
    )
    planned_start: datetime.date | None = Field(None, description="Null for none.")
    planned_end: datetime.date | None = Field(None, description="Null for none.")

    @field_validator("status", "participants", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        # Only values actually sent are validated, so leaving the field out stays allowed.
        if value is None:
            raise ValueError("may not be null")
        return value

    def cleared(self) -> list[str]:
        """The fields sent as null, which the activity should no longer have."""
        sent = self.model_fields_set
        return [
            name
            for name in ("lead", "planned_start", "planned_end")
            if name in sent and getattr(self, name) is None
        ]


class ProgressUpdateIn(InputSchema):
    text: str = Field(..., max_length=10_000, description="What was done.")
    status: ActivityStatus = Field(..., description="The activity's status after this update.")
    date: datetime.date | None = Field(None, description="When the progress was made; today if left out.")
    evidence_url: str = Field("", max_length=500, description="A link to evidence (report, page, photo).")
