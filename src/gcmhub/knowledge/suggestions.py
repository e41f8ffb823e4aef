"""GCM objective suggestions for a resource's text, with the objectives' labels, for the submission form and
the review page. The ranking itself is search's (`gcmhub.search.suggest`)."""

from dataclasses import dataclass

from django.utils.html import strip_tags

from gcmhub.reference import queries as reference
from gcmhub.search import suggest

SHOWN = 5  # suggestions listed; the form's checkboxes hold all 23


@dataclass(frozen=True)
class ShownSuggestion:
    number: int
    label: str
    percent: int  # the score as a whole percentage
    description: str
    description_language: str
    neighbours: int  # how many of the nearest published resources carry the objective
    preselected: bool
    chosen: bool  # already ticked on the resource


def resource_text(title: str, summary: str, body: str) -> str:
    """The words a resource is about: title, summary and its description without markup."""
    return "\n".join(part.strip() for part in (title, summary, strip_tags(body)) if part and part.strip())


def suggestions_for(text: str, chosen: frozenset[int] = frozenset()) -> list[ShownSuggestion]:
    """The best few objectives for `text`; empty when there is no text."""
    if not text.strip():
        return []
    ranked = suggest.suggest(text)
    ticked = set(suggest.preselected(ranked))
    labels = {o.number: o.label_display for o in reference.objectives()}
    return [
        ShownSuggestion(
            number=s.objective,
            label=labels.get(s.objective, str(s.objective)),
            percent=round(s.score * 100),
            description=s.description,
            description_language=s.description_language,
            neighbours=len(s.neighbours),
            preselected=s.objective in ticked,
            chosen=s.objective in chosen,
        )
        for s in ranked[:SHOWN]
    ]
