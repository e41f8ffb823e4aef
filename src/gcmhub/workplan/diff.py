"""What changed between two versions of the work plan, matched by stable keys (Section.key "ta1",
ExpectedResult.key "ta1.2", Activity.key "ta1.2.3"). The result is JSON-able and every entry carries a title
people can read:

    {"from": 1, "to": 2,
     "sections":   {"added": [...], "removed": [...], "changed": [...]},
     "results":    {"added": [...], "removed": [...], "changed": [...]},
     "activities": {"added": [...], "removed": [...], "changed": [...]}}

A changed entry is {"key", "title", "field", "before", "after"}; list-valued fields (objectives,
organizations, groups) are given as comma-separated text."""

from typing import Any

from gcmhub.workplan.models import WorkPlanVersion
from gcmhub.workplan.queries import sections_with_results

Row = dict[str, Any]
DERIVED_FROM: dict[str, str] = {
    "organizations": "membership",
    "groups": "membership",
    "timeframe_months": "timeframe",
}


def _unique(key: str, seen: dict[str, Row]) -> str:
    """The document may repeat a number ("1." twice); later repeats get "~2", "~3" so nothing is lost."""
    if key not in seen:
        return key
    n = 2
    while f"{key}~{n}" in seen:
        n += 1
    return f"{key}~{n}"


def _snapshot(version: WorkPlanVersion) -> tuple[dict[str, Row], dict[str, Row], dict[str, Row]]:
    sections: dict[str, Row] = {}
    results: dict[str, Row] = {}
    activities: dict[str, Row] = {}
    for section in sections_with_results(version):
        section_key = _unique(section.key, sections)
        sections[section_key] = {
            "key": section_key,
            "title": section.title,
            "kind": section.kind,
            "number": section.number,
            "fields": {
                "title": section.title,
                "objectives": _join(sorted(o.number for o in section.objectives.all())),
            },
        }
        for result in section.results.all():
            result_key = _unique(f"{section_key}.{result.number}", results)
            results[result_key] = {
                "key": result_key,
                "title": result.title,
                "number": result.number,
                "section": section_key,
                "section_title": section.title,
                "fields": {
                    "title": result.title,
                    "output": result.output,
                    "timeframe": result.timeframe_text,
                    "timeframe_months": _months(result),
                    "membership": result.membership_text,
                    "organizations": _join(sorted(o.acronym for o in result.organizations.all())),
                    "groups": _join(sorted(g.name for g in result.groups.all())),
                },
            }
            for activity in result.activities.all():
                activity_key = _unique(f"{result_key}.{activity.position}", activities)
                activities[activity_key] = {
                    "key": activity_key,
                    "title": activity.text,
                    "number": activity.number,
                    "result": result_key,
                    "result_title": result.title,
                    "fields": {"number": activity.number, "text": activity.text},
                }
    return sections, results, activities


def _join(values: list[Any]) -> str:
    return ", ".join(str(v) for v in values)


def _months(result: Any) -> str:
    """The parsed timeframe, so a change in how a text is read shows even when the text is the same."""
    parts = [
        f"{result.min_months}-{result.max_months}",
        f"every {result.recurrence_months}" if result.recurrence_months else "",
        "open-ended" if result.open_ended else "",
    ]
    return " ".join(p for p in parts if p)


def _compare(before: dict[str, Row], after: dict[str, Row]) -> dict[str, list[Row]]:
    def public(row: Row) -> Row:
        return {k: v for k, v in row.items() if k != "fields"}

    changed: list[Row] = []
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            continue
        extra: Row = {k: new[k] for k in ("result", "result_title", "section", "section_title") if k in new}
        for field, value in new["fields"].items():
            if old["fields"][field] == value:
                continue
            changed.append(
                {
                    "key": key,
                    "title": new["title"],
                    **extra,
                    "field": field,
                    "before": old["fields"][field],
                    "after": value,
                }
            )
    return {
        "added": [public(row) for key, row in after.items() if key not in before],
        "removed": [public(row) for key, row in before.items() if key not in after],
        "changed": changed,
    }


def _hide_derived(changes: list[Row]) -> list[Row]:
    """Organizations, groups and parsed months follow from the membership and timeframe texts; show them
    only when they changed although the text did not (e.g. a new organization in the reference list)."""
    texts = {(c["key"], c["field"]) for c in changes}
    shown = []
    for change in changes:
        source = DERIVED_FROM.get(change["field"])
        if source and (change["key"], source) in texts:
            continue
        shown.append(change)
    return shown


def diff_versions(old: WorkPlanVersion, new: WorkPlanVersion) -> dict[str, Any]:
    """Sections, expected results and activities added, removed and changed from `old` to `new`."""
    old_sections, old_results, old_activities = _snapshot(old)
    new_sections, new_results, new_activities = _snapshot(new)
    results = _compare(
        old_results,
        new_results,
    )
    results["changed"] = _hide_derived(results["changed"])
    return {
        "from": old.number,
        "to": new.number,
        "sections": _compare(
            old_sections,
            new_sections,
        ),
        "results": results,
        "activities": _compare(
            old_activities,
            new_activities,
        ),
    }
