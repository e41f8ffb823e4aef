"""The parsed work plan: plain dataclasses with line numbers, no database. `ParsedPlan.as_dict()` has the
shape of `gcmhub.workplan.export.version_as_dict` (without "version"), so a parse and a stored version compare
directly."""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from gcmhub.core.exceptions import ValidationFailed

Severity = Literal["info", "warning"]
CROSS_CUTTING = "cross_cutting"
THEMATIC_AREA = "thematic_area"


class ImportRejected(ValidationFailed):
    """The document cannot be imported at all (empty, binary, not UTF-8, corrupt, too big, no sections)."""

    def __init__(self, message: str, *, code: str = "import_rejected") -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True)
class Issue:
    """One anomaly in the source document: where, how serious, a stable code and a message for people."""

    line: int | None
    severity: Severity
    code: str
    message: str


@dataclass(frozen=True)
class GroupRef:
    """A reference MembershipGroup, by slug (stable) and name (shown)."""

    slug: str
    name: str


@dataclass
class Timeframe:
    text: str | None = None
    min_months: int | None = None
    max_months: int | None = None
    recurrence_months: int | None = None
    open_ended: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "min_months": self.min_months,
            "max_months": self.max_months,
            "recurrence_months": self.recurrence_months,
            "open_ended": self.open_ended,
        }


@dataclass
class Membership:
    text: str | None = None
    organizations: list[str] = field(default_factory=list)
    groups: list[GroupRef] = field(default_factory=list)
    tbd: bool = False
    tors: bool = False
    # Organizations proposed as lead of the result's activities, in document order; `leads_marked` says
    # whether the line marks them ("(lead)", "Lead:") or the first organization named is taken.
    leads: list[str] = field(default_factory=list)
    leads_marked: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "organizations": sorted(self.organizations),
            "groups": sorted(g.name for g in self.groups),
            "tbd": self.tbd,
        }


@dataclass
class ParsedActivity:
    number: int | None
    text: str
    line: int

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "text": self.text}


@dataclass
class ParsedResult:
    number: int
    title: str
    line: int
    output: str | None = None
    activities: list[ParsedActivity] = field(default_factory=list)
    timeframe: Timeframe = field(default_factory=Timeframe)
    membership: Membership = field(default_factory=Membership)

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "output": self.output,
            "activities": [a.as_dict() for a in self.activities],
            "timeframe": self.timeframe.as_dict(),
            "membership": self.membership.as_dict(),
        }


@dataclass
class ParsedSection:
    kind: str
    number: int | None
    title: str
    line: int
    objectives: list[int] = field(default_factory=list)
    results: list[ParsedResult] = field(default_factory=list)

    @property
    def key(self) -> str:
        return "cc" if self.kind == CROSS_CUTTING else f"ta{self.number}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "objectives": sorted(self.objectives),
            "results": [r.as_dict() for r in self.results],
        }


@dataclass
class ParsedPlan:
    title: str
    sections: list[ParsedSection] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "sections": [s.as_dict() for s in self.sections]}

    def structure_sha256(self) -> str:
        """A hash of everything the import stores (not line numbers or issues): equal hashes, equal plans."""
        shape = self.as_dict()
        for section, parsed in zip(shape["sections"], self.sections, strict=True):
            for result, parsed_result in zip(section["results"], parsed.results, strict=True):
                # Slugs are the stable identity of groups; ToRs is stored though not in the JSON shape.
                result["membership"]["groups"] = sorted(g.slug for g in parsed_result.membership.groups)
                result["membership"]["tors"] = parsed_result.membership.tors
        canonical = json.dumps(shape, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def result_count(self) -> int:
        return sum(len(s.results) for s in self.sections)

    @property
    def activity_count(self) -> int:
        return sum(len(r.activities) for s in self.sections for r in s.results)
