"""Pages: countries by region, indicator maps and rankings, country profiles, regional roll-ups, corridors and
the downloads. Each shows the source of the values it shows."""

import csv
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gcmhub.core.formpage import form_page
from gcmhub.countries import actions, charts, joins, profile, queries
from gcmhub.countries.catalog import translated_description
from gcmhub.countries.forms import CorridorForm, FactsForm, TagForm
from gcmhub.countries.models import IndicatorValue
from gcmhub.reference import queries as reference
from gcmhub.reference.models import Country


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    by_region: dict[str, list[Country]] = defaultdict(list)
    for country in reference.countries():
        by_region[country.region.name_display if country.region else _("Other areas")].append(country)
    context = {
        "regions": sorted(by_region.items()),
        "indicators": queries.indicators(),
        "area_regions": reference.regions("region"),
        "sub_regions": reference.regions("sub_region"),
    }
    return render(request, "countries/index.html", context)


@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    return render(request, "countries/indicators.html", {"indicators": queries.indicators()})


def _names() -> dict[str, str]:
    return {c.m49: queries.display_name(c) for c in reference.countries() if c.m49}


@require_GET
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    item = queries.indicator(code)
    year = queries.check_year(item, request.GET.get("year"))
    ranked = queries.ranking(item, year) if year is not None else []
    title = _("%(indicator)s, %(year)s") % {"indicator": item.name_display, "year": year}
    context = {
        "indicator": item,
        "description": translated_description(item),
        "year": year,
        "years": queries.years_of(item),
        "ranked": ranked,
        "map": charts.choropleth(ranked, title, _names()),
        "sources": sorted({v.source.citation for v in ranked}),
    }
    return render(request, "countries/indicator.html", context)


def _csv_response(filename: str, values: list[IndicatorValue]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["indicator", "iso3", "country", "year", "value", "source", "source_date"])
    for v in values:
        country = v.country
        writer.writerow(
            [
                v.indicator.code,
                country.iso3 if country else "",
                queries.display_name(country) if country else "",
                v.year,
                charts.plain(v.value),
                v.source.citation,
                v.source_date.isoformat() if v.source_date else "",
            ]
        )
    return response


@require_GET
def indicator_csv(request: HttpRequest, code: str) -> HttpResponse:
    item = queries.indicator(code)
    return _csv_response(f"{item.code}.csv", list(queries.country_values(item).select_related("indicator")))


@require_GET
def country(request: HttpRequest, iso3: str) -> HttpResponse:
    place = queries.country(iso3)
    built = profile.build(place, request.user)
    series: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in built.values:
        series[value.indicator_id].append(value)
    charts_by_indicator = [
        (values[0].indicator, charts.line_chart(values, values[0].indicator.name_display), values)
        for values in series.values()
    ]
    context = {
        "profile": built,
        "country": place,
        "series": charts_by_indicator,
        "may_edit": queries.may_edit_facts(request.user, place),
        "sections": _section_titles(built.sections),
    }
    return render(request, "countries/country.html", context)


def _section_titles(sections: dict[str, list[joins.Linked]]) -> list[tuple[str, str, list[joins.Linked]]]:
    titles = {
        "national_plans": _("National implementation plans"),
        "reviews": _("GCM reviews"),
        "practices": _("Practices"),
        "joint_programmes": _("Joint programmes"),
        "support_requests": _("Support requests"),
        "call_responses": _("Responses to calls for inputs"),
        "experts": _("Experts"),
        "pledges": _("Pledges"),
        "work_plan_activities": _("Work plan activities that name this country"),
    }
    return [(key, titles[key], sections[key]) for key in titles]


@require_GET
def country_csv(request: HttpRequest, iso3: str) -> HttpResponse:
    place = queries.country(iso3)
    return _csv_response(f"{place.iso3}.csv", list(queries.values_of(place).select_related("country")))


@login_required
@require_http_methods(["GET", "POST"])
def facts_edit(request: HttpRequest, iso3: str) -> HttpResponse:
    place = queries.country(iso3)
    queries.check_may_edit_facts(request.user, place)
    form = FactsForm(request.POST or None, facts=queries.facts_of(place))
    return form_page(
        request,
        form=form,
        perform=lambda: actions.update_facts(
            place, form.changes(), list(form.cleaned_data["network_co_leads"]), actor=request.user
        ),
        success=lambda _facts: reverse("countries:country", args=[place.iso3]),
        done=_("The country team's facts were saved."),
        template="countries/facts_form.html",
        context={"country": place, "name": queries.display_name(place)},
    )


@require_GET
def region(request: HttpRequest, m49: str) -> HttpResponse:
    area = queries.region(m49)
    year = queries.latest_year()
    totals = queries.region_totals(area, year) if year else []
    context = {
        "region": area,
        "year": year,
        "totals": totals,
        "countries": queries.countries_in(area),
    }
    return render(request, "countries/region.html", context)


@require_GET
def under_renewal(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    chosen = int(year) if year.isdigit() and queries.plausible_year(int(year)) else None
    facts = list(queries.under_renewal(chosen)) if chosen else []
    return render(request, "countries/renewal.html", {"year": chosen, "facts": facts, "asked": year})


@require_GET
def corridors(request: HttpRequest) -> HttpResponse:
    context = {"corridors": queries.corridors(), "may_manage": queries.may_manage_corridors(request.user)}
    return render(request, "countries/corridors.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def corridor_create(request: HttpRequest) -> HttpResponse:
    queries.check_may_manage_corridors(request.user)
    form = CorridorForm(request.POST or None)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.create_corridor(
            queries.place(form.cleaned_data["origin"]),
            queries.place(form.cleaned_data["destination"]),
            actor=request.user,
        ),
        success=lambda item: item.get_absolute_url(),
        done=_("The corridor was added."),
        template="countries/corridor_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def corridor_tag(request: HttpRequest, code: str) -> HttpResponse:
    queries.check_may_manage_corridors(request.user)
    item = queries.corridor(code)
    form = TagForm(request.POST or None)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.tag_record(
            item, form.cleaned_data["kind"], form.cleaned_data["ref"], actor=request.user
        ),
        success=lambda _tag: item.get_absolute_url(),
        done=_("The record was tagged with the corridor."),
        template="countries/corridor_tag.html",
        context={"corridor": item},
    )


@require_GET
def corridor(request: HttpRequest, code: str) -> HttpResponse:
    item = queries.corridor(code)
    tags = [(tag, joins.public_record(tag.kind, tag.ref)) for tag in queries.tags_of(item)]
    values = list(queries.corridor_values(item))
    stock = list(queries.bilateral_stock(item))
    context = {
        "corridor": item,
        "values": values,
        "stock": stock,
        "chart": charts.stock_chart(stock, _("Migrants in the corridor")),
        "tags": [(tag, record) for tag, record in tags if record is not None],
        "sources": sorted({v.source.citation for v in values} | {s.source.citation for s in stock}),
        "may_manage": queries.may_manage_corridors(request.user),
    }
    return render(request, "countries/corridor.html", context)
