"""Reference data as form choices, for every app's forms."""

from gcmhub.reference.models import Objective


def objective_choices() -> list[tuple[str, str]]:
    """The 23 GCM objectives, numbered, in order, labelled in the active language."""
    return [(str(o.number), f"{o.number}. {o.label_display}") for o in Objective.objects.order_by("number")]
