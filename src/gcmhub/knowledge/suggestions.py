"""GCM objective and guiding principle suggestions for a resource's text, with their labels, for the
submission form and the review page. The ranking itself is search's (`gcmhub.search.suggest`)."""

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


def _shown_objectives(ranked: list[suggest.Suggestion], chosen: frozenset[int]) -> list[ShownSuggestion]:
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


@dataclass(frozen=True)
class ShownPrinciple:
    """A guiding principle the text clearly supports (`suggest.supported`): the form ticks each one."""

    slug: str  # the value of the form's principle checkbox
    label: str
    percent: int
    description: str
    description_language: str
    chosen: bool  # already ticked on the resource


def _shown_principles(ranked: list[suggest.Suggestion], chosen: frozenset[str]) -> list[ShownPrinciple]:
    named = set(suggest.supported(ranked))
    principles = {p.number: p for p in reference.principles()}
    return [
        ShownPrinciple(
            slug=principles[s.objective].slug,
            label=principles[s.objective].title_display,
            percent=round(s.score * 100),
            description=s.description,
            description_language=s.description_language,
            chosen=principles[s.objective].slug in chosen,
        )
        for s in ranked
        if s.objective in named and s.objective in principles  # `objective` holds the principle's number
    ]


def full_suggestions(
    text: str, chosen: frozenset[int] = frozenset(), chosen_principles: frozenset[str] = frozenset()
) -> tuple[list[ShownSuggestion], list[ShownPrinciple]]:
    """The best few objectives for `text` and the guiding principles it supports; both empty without text."""
    if not text.strip():
        return [], []
    objectives, principles = suggest.suggest_objectives_and_principles(text)
    return _shown_objectives(objectives, chosen), _shown_principles(principles, chosen_principles)
