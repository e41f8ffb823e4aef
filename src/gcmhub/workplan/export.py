"""The work plan's stable JSON shape (documented in docs/workplan-json.md), shared by the API and
`gcmhub export_workplan`; and the same plan as Markdown or Word, laid out like the source document so that
either re-imports to the same structure."""

import io
import json
import re
from typing import Any

from gcmhub.reference.models import Objective
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


# Documents in the layout of the source ----------------------------------------------------------------------

# (kind, label, text): kind is title, section, objectives, objective, results, result, field or activity.
Block = tuple[str, str, str]


def _objectives_heading(kind: str, numbers: list[int]) -> str | None:
    """The cross-cutting section states a range ("GCM Objectives 1-23"); thematic areas list objectives."""
    contiguous = numbers == list(range(numbers[0], numbers[-1] + 1)) if numbers else False
    if kind == Section.Kind.CROSS_CUTTING and contiguous and len(numbers) > 1:
        return f"GCM Objectives {numbers[0]}-{numbers[-1]}"
    return None


def document_blocks(plan: dict[str, Any], objective_titles: dict[int, str]) -> list[Block]:
    """The plan of `version_as_dict` as the document's sequence of headings, fields and activity lines."""
    blocks: list[Block] = [("title", "", plan["title"])]
    for section in plan["sections"]:
        if section["kind"] == Section.Kind.THEMATIC_AREA:
            blocks.append(("section", "", f"Thematic Area {section['number']}: {section['title']}"))
        else:
            blocks.append(("section", "", section["title"]))
        numbers = section["objectives"]
        heading = _objectives_heading(section["kind"], numbers)
        blocks.append(("objectives", "", heading or "GCM Objectives:"))
        if heading is None:
            for number in numbers:
                title = objective_titles.get(number, "")
                blocks.append(("objective", "", f"Objective {number}: {title}".strip()))
        blocks.append(("results", "", "Expected results:"))
        for result in section["results"]:
            blocks.append(("result", "", f"{result['number']}. {result['title']}"))
            blocks.append(("field", "Output", result["output"] or ""))
            activities = list(result["activities"])
            inline = activities.pop(0)["text"] if activities and activities[0]["number"] is None else ""
            blocks.append(("field", "Activities", inline))
            for activity in activities:
                # A bullet keeps an unnumbered activity from reading as the continuation of the one before.
                number = f"{activity['number']})" if activity["number"] is not None else "•"
                blocks.append(("activity", number, activity["text"]))
            blocks.append(("field", "Timeframe", result["timeframe"]["text"] or ""))
            blocks.append(("field", "Membership", result["membership"]["text"] or ""))
    return blocks


def _objective_titles() -> dict[int, str]:
    return dict(Objective.objects.values_list("number", "title"))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def version_as_markdown(version: WorkPlanVersion) -> str:
    """The version as a Markdown document in the layout of the source (re-importable as .md)."""
    out: list[str] = []
    for kind, label, text in document_blocks(version_as_dict(version), _objective_titles()):
        if kind == "title":
            out.append(f"# {_md(text)}")
        elif kind == "section":
            out.append(f"## {_md(text)}")
        elif kind == "results":
            out.append(f"### {_md(text)}")
        elif kind == "result":
            out.append(f"#### {_md(text)}")
        elif kind == "objective":
            out.append(f"- {_md(text)}")
        elif kind == "field":
            out.append(f"**{label}:** {_md(text)}".rstrip())
        elif kind == "activity":
            # "1\)" keeps Markdown from renumbering the list; the reader removes the backslash again.
            number = label.replace(")", "\\)")
            out.append(f"{number} {_md(text)}")
        else:
            out.append(_md(text))
        out.append("")
    return "\n".join(out)


def version_as_docx(version: WorkPlanVersion) -> bytes:
    """The version as a Word document in the layout of the source (re-importable as .docx)."""
    import docx

    document = docx.Document()
    document.core_properties.title = version.title
    for kind, label, text in document_blocks(version_as_dict(version), _objective_titles()):
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind == "section":
            document.add_heading(text, level=1)
        elif kind == "results":
            document.add_heading(text, level=2)
        elif kind == "result":
            document.add_heading(text, level=3)
        elif kind == "field":
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}:").bold = True
            if text:
                paragraph.add_run(f" {text}")
        elif kind == "activity":
            document.add_paragraph(f"{label} {text}")
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Downloads from the site: each format's writer and media type ---------------------------------------------

DOWNLOAD_TYPES = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def version_as_json(version: WorkPlanVersion) -> str:
    """The stable JSON of docs/workplan-json.md, written as `gcmhub export_workplan` writes it."""
    return json.dumps(version_as_dict(version), ensure_ascii=False, indent=2) + "\n"


def version_download(version: WorkPlanVersion, fmt: str) -> bytes:
    """The version as a file in `fmt` (a key of DOWNLOAD_TYPES)."""
    if fmt == "docx":
        return version_as_docx(version)
    if fmt == "md":
        return version_as_markdown(version).encode()
    return version_as_json(version).encode()


def download_name(version: WorkPlanVersion, fmt: str) -> str:
    return f"{version.plan.slug}-version-{version.number}.{fmt}"
