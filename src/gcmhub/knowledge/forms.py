"""Forms of the knowledge pages. They only shape input: the actions validate and decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gcmhub.core.forms import BLANK, set_choices
from gcmhub.knowledge.models import (
    Audience,
    CrossCuttingTheme,
    ImplementationStatus,
    Kind,
    Language,
    NationalPlan,
    Platform,
    Resource,
    ReviewAssignment,
    Scope,
)
from gcmhub.reference.choices import objective_choices, thematic_area_choices
from gcmhub.reference.models import Country, GuidingPrinciple, Region


def _acronyms(value: str) -> list[str]:
    return [part.strip().upper() for part in value.replace(";", ",").split(",") if part.strip()]


def _links(value: str) -> list[dict[str, str]]:
    links = []
    for line in value.splitlines():
        if not line.strip():
            continue
        label, _sep, url = line.rpartition("|") if "|" in line else ("", "", line)
        links.append({"label": label.strip(), "url": url.strip()})
    return links


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    body = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text=_(
            "Paragraphs, lists, links and headings are kept; anything else (scripts, styles) is removed."
        ),
    )
    language = forms.ChoiceField(label=_("Original language"), choices=Language.choices, initial="en")
    objectives = forms.MultipleChoiceField(
        label=_("Primary GCM objectives"), widget=forms.CheckboxSelectMultiple, required=False
    )
    secondary_objectives = forms.MultipleChoiceField(
        label=_("Secondary GCM objectives"), widget=forms.SelectMultiple(attrs={"size": 6}), required=False
    )
    principles = forms.MultipleChoiceField(
        label=_("Guiding principles"), widget=forms.CheckboxSelectMultiple, required=False
    )
    thematic_areas = forms.MultipleChoiceField(
        label=_("Thematic areas of the work plan"), widget=forms.CheckboxSelectMultiple, required=False
    )
    scope = forms.ChoiceField(label=_("Geographic scope"), choices=BLANK + Scope.choices, required=False)
    regions = forms.MultipleChoiceField(
        label=_("Regions"), widget=forms.SelectMultiple(attrs={"size": 6}), required=False
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"), widget=forms.SelectMultiple(attrs={"size": 8}), required=False
    )
    implementer = forms.CharField(
        label=_("Implementing organization (acronym)"),
        max_length=30,
        required=False,
    )
    partners = forms.CharField(
        label=_("Partner organizations (acronyms, separated by commas)"), max_length=500, required=False
    )
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_on = forms.DateField(
        label=_("Publication date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    implementation_status = forms.ChoiceField(
        label=_("Implementation status"), choices=BLANK + ImplementationStatus.choices, required=False
    )
    audiences = forms.MultipleChoiceField(
        label=_("Target audience"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = forms.MultipleChoiceField(
        label=_("Cross-cutting themes"),
        choices=CrossCuttingTheme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    results = forms.CharField(
        label=_("Results and evidence"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    lessons = forms.CharField(
        label=_("Lessons learned"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    links = forms.CharField(
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: an address, or a label, a vertical bar and an address."),
    )
    source_url = forms.URLField(label=_("Source URL"), max_length=500, required=False, assume_scheme="https")
    licence = forms.CharField(label=_("Licence"), max_length=120, required=False)

    # National implementation plans only.
    np_country = forms.ChoiceField(label=_("Country of the plan"), required=False)
    np_plan_type = forms.ChoiceField(
        label=_("Type of plan"), choices=BLANK + NationalPlan.PlanType.choices, required=False
    )
    np_plan_status = forms.ChoiceField(
        label=_("Status of the plan"), choices=BLANK + NationalPlan.PlanStatus.choices, required=False
    )
    np_adopted_on = forms.DateField(
        label=_("Adoption date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    np_period_start = forms.IntegerField(
        label=_("Period from (year)"), required=False, min_value=1900, max_value=2100
    )
    np_period_end = forms.IntegerField(
        label=_("Period to (year)"), required=False, min_value=1900, max_value=2100
    )
    np_lead_ministry = forms.CharField(label=_("Lead ministry"), max_length=250, required=False)
    np_government_entities = forms.CharField(
        label=_("Government entities involved"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    np_stakeholders_consulted = forms.CharField(
        label=_("Stakeholders consulted"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    # Data and knowledge platforms only.
    pf_owner = forms.CharField(label=_("Owner (organization acronym)"), max_length=30, required=False)
    pf_owner_name = forms.CharField(
        label=_("Owner (name, if not an organization listed here)"), max_length=250, required=False
    )
    pf_url = forms.URLField(label=_("Platform URL"), max_length=500, required=False, assume_scheme="https")
    pf_content_types = forms.CharField(
        label=_("Content types (separated by commas)"), max_length=500, required=False
    )
    pf_languages = forms.MultipleChoiceField(
        label=_("Languages of the platform"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    pf_update_frequency = forms.ChoiceField(
        label=_("Update frequency"), choices=BLANK + Platform.Frequency.choices, required=False
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        objectives = objective_choices()
        set_choices(self, "objectives", objectives)
        set_choices(self, "secondary_objectives", objectives)
        set_choices(
            self, "principles", [(p.slug, p.title) for p in GuidingPrinciple.objects.order_by("number")]
        )
        set_choices(self, "thematic_areas", thematic_area_choices())
        set_choices(self, "regions", [(r.m49, r.name) for r in Region.objects.order_by("level", "name")])
        countries = [(c.iso3, c.name_en) for c in Country.objects.order_by("name_en")]
        set_choices(self, "countries", countries)
        set_choices(self, "np_country", BLANK + countries)
        if kind != Kind.NATIONAL_PLAN:
            for name in [n for n in self.fields if n.startswith("np_")]:
                del self.fields[name]
        if kind != Kind.PLATFORM:
            for name in [n for n in self.fields if n.startswith("pf_")]:
                del self.fields[name]

    @property
    def plan_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("np_")]

    @property
    def platform_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("pf_")]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(("np_", "pf_"))]

    def to_data(self) -> dict[str, Any]:
        """The action's input, from the cleaned form."""
        c = self.cleaned_data
        data: dict[str, Any] = {
            name: c[name]
            for name in (
                "title",
                "summary",
                "body",
                "language",
                "scope",
                "start_date",
                "end_date",
                "published_on",
                "implementation_status",
                "audiences",
                "themes",
                "results",
                "lessons",
                "source_url",
                "licence",
                "principles",
                "countries",
                "regions",
            )
        }
        data["objectives"] = [int(v) for v in c["objectives"]]
        data["secondary_objectives"] = [int(v) for v in c["secondary_objectives"]]
        data["thematic_areas"] = [int(v) for v in c["thematic_areas"]]
        data["implementer"] = c["implementer"].strip().upper() or None
        data["partners"] = _acronyms(c["partners"])
        data["links"] = _links(c["links"])
        if self.kind == Kind.NATIONAL_PLAN:
            data["national_plan"] = {
                "country": c["np_country"],
                "plan_type": c["np_plan_type"],
                "plan_status": c["np_plan_status"],
                "adopted_on": c["np_adopted_on"],
                "period_start": c["np_period_start"],
                "period_end": c["np_period_end"],
                "lead_ministry": c["np_lead_ministry"],
                "government_entities": c["np_government_entities"],
                "stakeholders_consulted": c["np_stakeholders_consulted"],
            }
        if self.kind == Kind.PLATFORM:
            data["platform"] = {
                "owner": c["pf_owner"],
                "owner_name": c["pf_owner_name"],
                "url": c["pf_url"],
                "content_types": [v.strip() for v in c["pf_content_types"].split(",") if v.strip()],
                "languages": c["pf_languages"],
                "update_frequency": c["pf_update_frequency"],
            }
        return data

    @staticmethod
    def initial_for(resource: Resource) -> dict[str, Any]:
        links = list(resource.objective_links.select_related("objective"))
        initial: dict[str, Any] = {
            name: getattr(resource, name)
            for name in (
                "title",
                "summary",
                "body",
                "language",
                "scope",
                "start_date",
                "end_date",
                "published_on",
                "implementation_status",
                "audiences",
                "themes",
                "results",
                "lessons",
                "source_url",
                "licence",
            )
        }
        initial.update(
            objectives=[str(link.objective.number) for link in links if link.primary],
            secondary_objectives=[str(link.objective.number) for link in links if not link.primary],
            principles=list(resource.principles.values_list("slug", flat=True)),
            thematic_areas=[str(n) for n in resource.thematic_areas.values_list("number", flat=True)],
            regions=list(resource.regions.values_list("m49", flat=True)),
            countries=list(resource.countries.values_list("iso3", flat=True)),
            implementer=resource.implementer.acronym if resource.implementer else "",
            partners=", ".join(resource.partners.values_list("acronym", flat=True)),
            links="\n".join(
                f"{link['label']} | {link['url']}" if link.get("label") else link["url"]
                for link in resource.links
            ),
        )
        plan = getattr(resource, "national_plan", None) if resource.kind == Kind.NATIONAL_PLAN else None
        if plan is not None:
            initial.update(
                np_country=plan.country.iso3,
                np_plan_type=plan.plan_type,
                np_plan_status=plan.plan_status,
                np_adopted_on=plan.adopted_on,
                np_period_start=plan.period_start,
                np_period_end=plan.period_end,
                np_lead_ministry=plan.lead_ministry,
                np_government_entities=plan.government_entities,
                np_stakeholders_consulted=plan.stakeholders_consulted,
            )
        platform = getattr(resource, "platform", None) if resource.kind == Kind.PLATFORM else None
        if platform is not None:
            initial.update(
                pf_owner=platform.owner.acronym if platform.owner else "",
                pf_owner_name=platform.owner_name,
                pf_url=platform.url,
                pf_content_types=", ".join(platform.content_types),
                pf_languages=platform.languages,
                pf_update_frequency=platform.update_frequency,
            )
        return initial


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    body = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 10}), required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, ODT or XLSX, up to 25 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.xlsx"}),
    )


class ReviewForm(forms.Form):
    SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]

    relevance = forms.TypedChoiceField(label=_("Relevance"), choices=SCORE_CHOICES, coerce=int)
    coherence = forms.TypedChoiceField(
        label=_("Coherence with the guiding principles"), choices=SCORE_CHOICES, coerce=int
    )
    innovation = forms.TypedChoiceField(label=_("Innovation"), choices=SCORE_CHOICES, coerce=int)
    replicability = forms.TypedChoiceField(label=_("Replicability"), choices=SCORE_CHOICES, coerce=int)
    sustainability = forms.TypedChoiceField(label=_("Sustainability"), choices=SCORE_CHOICES, coerce=int)
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=ReviewAssignment.Recommendation.choices, widget=forms.RadioSelect
    )
    comments = forms.CharField(
        label=_("Comments for the submitter"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("What is the conflict? (seen by the secretariat only)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("changes", _("Request changes"))],
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}))


class RationaleForm(forms.Form):
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AssignForm(forms.Form):
    reviewers = forms.MultipleChoiceField(
        label=_("Reviewers (leave empty to pick the default panel automatically)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    theme = forms.CharField(label=_("Theme"), max_length=250)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    objectives = forms.MultipleChoiceField(
        label=_("GCM objectives"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "objectives", objective_choices())


class FilterForm(forms.Form):
    """The list pages' filters (GET)."""

    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    objective = forms.ChoiceField(label=_("GCM objective"), required=False)
    principle = forms.ChoiceField(label=_("Guiding principle"), required=False)
    thematic_area = forms.ChoiceField(label=_("Thematic area"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=BLANK + Language.choices)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    organization = forms.CharField(label=_("Organization (acronym)"), required=False, max_length=30)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "objective", BLANK + objective_choices())
        set_choices(
            self,
            "principle",
            BLANK + [(p.slug, p.title) for p in GuidingPrinciple.objects.order_by("number")],
        )
        set_choices(self, "thematic_area", BLANK + thematic_area_choices())
        set_choices(
            self,
            "region",
            BLANK
            + [
                (r.m49, r.name)
                for r in Region.objects.exclude(level=Region.Level.INTERMEDIATE).order_by("level", "name")
            ],
        )
        set_choices(
            self, "country", BLANK + [(c.iso3, c.name_en) for c in Country.objects.order_by("name_en")]
        )

    def filters(self) -> dict[str, list[str]]:
        if not self.is_valid():
            return {}
        out = {}
        for name in (
            "objective",
            "principle",
            "thematic_area",
            "region",
            "country",
            "language",
            "organization",
        ):
            value = str(self.cleaned_data.get(name) or "").strip()
            if value:
                out[name] = [value.upper() if name == "organization" else value]
        if self.cleaned_data.get("year"):
            out["year"] = [str(self.cleaned_data["year"])]
        return out
