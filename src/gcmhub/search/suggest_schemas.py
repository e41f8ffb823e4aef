"""Schemas of the objective suggestion API."""

from ninja import Field, Schema

from gcmhub.core.schemas import InputSchema


class SuggestObjectivesIn(InputSchema):
    text: str = Field(
        ...,
        description="Any text: a draft practice, a call response, a document's text, an activity. At most "
        "20,000 characters; only the first 4,000 are read.",
        examples=[
            "A legal clinic helps migrant construction workers recover the recruitment fees they paid."
        ],
    )
    limit: int = Field(23, ge=1, le=23, description="How many objectives to return, best first (1-23).")


class ObjectiveSuggestionOut(Schema):
    objective: int = Field(..., description="GCM objective number (1-23).", examples=[6])
    score: float = Field(..., description="0 to 1; the scores of all 23 objectives add up to 1.")
    description: str = Field(
        ..., description="The sentence of our own description of the objective nearest to the text."
    )
    neighbours: list[str] = Field(
        ..., description="Ids of the nearest published documents tagged with this objective (at most 3)."
    )
    keywords: list[str] = Field(
        ..., description="The text's words (as analysed for search) found in the objective's description."
    )


class SuggestObjectivesOut(Schema):
    items: list[ObjectiveSuggestionOut]
    preselected: list[int] = Field(
        ...,
        description="The objectives a form would tick for the user to confirm: the best and any close to it.",
    )


class SuggestPrinciplesIn(InputSchema):
    text: str = Field(
        ...,
        description="Any text, as for the objectives. At most 20,000 characters; the first 4,000 are read.",
    )


class PrincipleSuggestionOut(Schema):
    principle: int = Field(..., description="Guiding principle number (1-10, in the order of the GCM).")
    score: float = Field(..., description="0 to 1; the scores of all ten principles add up to 1.")
    description: str = Field(
        ..., description="The sentence of our own description of the principle nearest to the text."
    )
    keywords: list[str] = Field(
        ..., description="The text's words (as analysed for search) found in the principle's description."
    )


class SuggestPrinciplesOut(Schema):
    items: list[PrincipleSuggestionOut] = Field(..., description="All ten principles, best first.")
    supported: list[int] = Field(
        ...,
        description="The principles the text clearly supports; empty when none stands out.",
    )
