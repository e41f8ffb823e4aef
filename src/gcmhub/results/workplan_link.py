"""The work plan's expected results, found by their stable keys ("cc.1", "ta3.2") in the current version, so
the results framework survives a re-import of the plan."""

import re

from gcmhub.reference.models import Organization
from gcmhub.workplan.models import ExpectedResult, Section
from gcmhub.workplan.queries import current_version

KEY = re.compile(r"^(cc|ta(\d+))\.(\d+)$")


def expected_result(key: str) -> ExpectedResult | None:
    """The current version's expected result with this key, or None."""
    match = KEY.match(key or "")
    version = current_version()
    if match is None or version is None:
        return None
    results = ExpectedResult.objects.filter(section__version=version, number=int(match.group(3)))
    if match.group(1) == "cc":
        results = results.filter(section__kind=Section.Kind.CROSS_CUTTING)
    else:
        results = results.filter(
            section__kind=Section.Kind.THEMATIC_AREA, section__number=int(match.group(2))
        )
    return results.select_related("section").first()


def expected_result_organizations(key: str) -> list[Organization]:
    """The organizations the plan names as members of the expected result."""
    result = expected_result(key)
    return list(result.organizations.all()) if result else []


def current_expected_results() -> list[ExpectedResult]:
    version = current_version()
    if version is None:
        return []
    return list(
        ExpectedResult.objects.filter(section__version=version)
        .select_related("section")
        .order_by("section__position", "position")
    )
