"""Builders for directory tests."""

from typing import Any

from gcmhub.directory.models import Expert
from gcmhub.reference.models import Objective, Organization, Region


def make_expert(
    name: str,
    *,
    objectives: tuple[int, ...] = (),
    regions: tuple[str, ...] = (),
    languages: tuple[str, ...] = ("en",),
    bio: str = "",
    consent: bool = True,
    visibility: str = Expert.Visibility.PUBLIC,
    organization: str | None = None,
    **fields: Any,
) -> Expert:
    expert = Expert.objects.create(
        name=name,
        bio=bio,
        languages=list(languages),
        consent=consent,
        visibility=visibility,
        email=f"{name.split()[0].lower()}@example.org",
        phone="+41 22 000 00 00",
        organization=Organization.objects.get(acronym=organization) if organization else None,
        **fields,
    )
    expert.objectives.set(Objective.objects.filter(number__in=objectives))
    expert.regions.set(Region.objects.filter(m49__in=regions))
    return expert
