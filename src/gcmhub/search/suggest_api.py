"""API at /api/v1/suggest: GCM objective and guiding principle suggestions for a text. Public and read-only:
it stores nothing, and the neighbours it names are published documents."""

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.core.schemas import ProblemOut
from gcmhub.search import suggest
from gcmhub.search.suggest_schemas import (
    ObjectiveSuggestionOut,
    PrincipleSuggestionOut,
    SuggestObjectivesIn,
    SuggestObjectivesOut,
    SuggestPrinciplesIn,
    SuggestPrinciplesOut,
)

router = Router(tags=["search"])

# More than a long document's first pages; the encoder reads only the first suggest.MAX_ENCODED_CHARS.
MAX_TEXT_CHARS = 20_000


def checked_text(text: str) -> str:
    """The text, stripped; refused (422) when empty or longer than MAX_TEXT_CHARS."""
    text = text.strip()
    if not text:
        raise ValidationFailed(gettext("Write some text to get suggestions for."), code="empty_text")
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationFailed(
            gettext("The text is too long: send at most %(limit)s characters.")
            % {"limit": f"{MAX_TEXT_CHARS:,}"},
            code="text_too_long",
        )
    return text


@router.post(
    "/objectives",
    response={200: SuggestObjectivesOut, 413: ProblemOut, 422: ProblemOut},
    summary="Suggest GCM objectives for a text",
)
def suggest_objectives(request: HttpRequest, body: SuggestObjectivesIn) -> SuggestObjectivesOut:
    """The GCM objectives a text is about, best first, each with a score (0-1, all 23 add up to 1) and its
    reasons: the nearest sentence of our description of the objective, the nearest published documents
    tagged with it, and the text's words found in its description. Any of the six UN languages.
    Stores nothing. An empty text, or one over 20,000 characters, is answered with 422."""
    suggestions = suggest.suggest(checked_text(body.text))
    return SuggestObjectivesOut(
        items=[
            ObjectiveSuggestionOut(
                objective=s.objective,
                score=s.score,
                description=s.description,
                neighbours=list(s.neighbours),
                keywords=list(s.keywords),
            )
            for s in suggestions[: body.limit]
        ],
        preselected=suggest.preselected(suggestions),
    )


@router.post(
    "/principles",
    response={200: SuggestPrinciplesOut, 413: ProblemOut, 422: ProblemOut},
    summary="Suggest GCM guiding principles for a text",
)
def suggest_principles(request: HttpRequest, body: SuggestPrinciplesIn) -> SuggestPrinciplesOut:
    """The ten guiding principles ranked for a text, from our descriptions of them and the text's words (no
    tagged neighbours: documents are tagged with objectives). `supported` names only those the text clearly
    supports, often none. Stores nothing. An empty text, or one over 20,000 characters, gets a 422."""
    ranked = suggest.suggest_principles(checked_text(body.text))
    return SuggestPrinciplesOut(
        items=[
            PrincipleSuggestionOut(
                principle=s.objective, score=s.score, description=s.description, keywords=list(s.keywords)
            )
            for s in ranked
        ],
        supported=suggest.supported(ranked),
    )
