"""A country profile: everything the platform knows about one country, joined in one place for the page, the
API, the export and `gcmhub country_profile`."""

from dataclasses import dataclass, field

from gcmhub.accounts.queries import AnyUser
from gcmhub.countries import joins, queries
from gcmhub.countries.models import Corridor, CountryFacts, IndicatorValue
from gcmhub.reference.models import Country


@dataclass
class Profile:
    country: Country
    name: str
    name_note: str
    values: list[IndicatorValue]
    facts: CountryFacts | None
    corridors: list[Corridor]
    sections: dict[str, list[joins.Linked]] = field(default_factory=dict)

    @property
    def sources(self) -> list[str]:
        """Every source the values cite, once each, for the citation line under them."""
        return sorted({value.source.citation for value in self.values})


def build(country: Country, user: AnyUser) -> Profile:
    """The profile as `user` may see it (public records, plus what `user` may read in the other apps)."""
    return Profile(
        country=country,
        name=queries.display_name(country),
        name_note=queries.name_note(country),
        values=list(queries.values_of(country)),
        facts=queries.facts_of(country),
        corridors=list(queries.corridors_of(country)),
        sections={
            "national_plans": joins.national_plans(country),
            "reviews": joins.reviews(country),
            "practices": joins.practices(country),
            "joint_programmes": joins.joint_programmes(country, user),
            "support_requests": joins.support_requests(country, user),
            "call_responses": joins.call_responses(country, user),
            "experts": joins.experts(country, user),
            "pledges": joins.pledges(country),
            "work_plan_activities": joins.work_plan_activities(country),
        },
    )
