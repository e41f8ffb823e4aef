"""The work plan's stable JSON shape (documented in docs/workplan-json.md), shared by the API and
`gcmhub export_workplan`."""

from typing import Any

from gcmhub.workplan.models import Activity, ExpectedResult, Section, WorkPlanVersion
from gcmhub.workplan.queries import sections_with_results


def activity_as_dict(activity: Activity) -> dict[str, Any]:
    return {"number": activity.number, "text": activity.text}


def result_as_dict(result: ExpectedResult) -> dict[str, Any]:
    return {
        "number": result.number,
        "title": result.title,
        "output": result.output,
        "activities": [activity_as_dict(a) for a in result.activities.all()],
        "timeframe": {
            "text": result.timeframe_text,
            "min_months": result.min_months,
            "max_months": result.max_months,
            "recurrence_months": result.recurrence_months,
            "open_ended": result.open_ended,
        },
        "membership": {
            "text": result.membership_text,
            "organizations": sorted(o.acronym for o in result.organizations.all()),
            "groups": sorted(g.name for g in result.groups.all()),
            "tbd": result.membership_tbd,
        },
    }


def section_as_dict(section: Section) -> dict[str, Any]:
    return {
        "kind": section.kind,
        "number": section.number,
        "title": section.title,
        "objectives": sorted(o.number for o in section.objectives.all()),
        "results": [result_as_dict(r) for r in section.results.all()],
    }


def version_as_dict(version: WorkPlanVersion) -> dict[str, Any]:
    return {
        "title": version.title,
        "version": version.number,
        "sections": [section_as_dict(s) for s in sections_with_results(version)],
    }
