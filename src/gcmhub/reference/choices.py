"""Reference data as form choices, for every app's forms."""

from gcmhub.reference.models import Objective, ThematicArea


def objective_choices() -> list[tuple[str, str]]:
    """The 23 GCM objectives, numbered, in order, labelled in the active language."""
    return [(str(o.number), f"{o.number}. {o.label_display}") for o in Objective.objects.order_by("number")]


def thematic_area_choices() -> list[tuple[str, str]]:
    """The work plan's thematic areas, numbered, in order, labelled in the active language."""
    return [(str(a.number), a.heading_display) for a in ThematicArea.objects.order_by("number")]
