"""Search API schemas."""

import datetime

from ninja import Field, Schema


class SearchHitOut(Schema):
    doc_id: str = Field(..., examples=["knowledge.resource:42"])
    kind: str = Field(..., examples=["practice"])
    title: str
    url: str = Field(
        ..., description="Path of the page, without a language prefix.", examples=["/knowledge/42/"]
    )
    snippet: str = Field(..., description="Escaped HTML: the query's words are wrapped in <mark>.")
    date: datetime.date | None
    score: float | None = Field(..., description="Relevance (higher is better); null when sorted by date.")
    language: str = Field(..., description="Language of the title shown.", examples=["en"])


class FacetCountOut(Schema):
    value: str = Field(..., examples=["5"])
    count: int


class SearchOut(Schema):
    items: list[SearchHitOut]
    count: int = Field(..., description="How many documents match (all pages).")
    facets: dict[str, list[FacetCountOut]] = Field(
        ...,
        description="Counts per facet value over the matching documents. A facet with a filter of its own "
        "is counted without that filter.",
    )
    facets_approximate: bool = Field(
        False,
        description="True when the search matches so many documents that the facet counts were estimated "
        "from a sample of them (show them as approximate). `count` is always exact.",
    )
    did_you_mean: str | None = Field(
        None,
        description="When the search found little or nothing: the query with its unknown words replaced by "
        "the nearest words of the published titles (null when there is none).",
        examples=["remittances"],
    )


class SuggestionOut(Schema):
    title: str
    url: str
