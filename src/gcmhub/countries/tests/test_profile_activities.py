"""A profile lists the current work plan's activities whose text names the country, in any UN language and
as a whole word. The shipped plan names no country, so these tests give shipped activities new text."""

import io
import json

from django.core.management import call_command
from django.test import Client

from gcmhub.workplan.models import Activity


def activities_saying(*texts: str) -> list[Activity]:
    """Current activities of the shipped plan, their text replaced by `texts` (one each, in plan order)."""
    found = list(
        Activity.objects.filter(result__section__version__is_current=True).order_by(
            "result__section__position", "result__position", "position"
        )[: len(texts)]
    )
    for activity, text in zip(found, texts, strict=True):
        activity.text = text
        activity.save()
    return found


def listed(iso3: str, client: Client) -> list[str]:
    body = client.get(f"/api/v1/countries/{iso3}/profile").json()
    return [item["url"] for item in body["work_plan_activities"]]


def test_the_shipped_plan_names_no_country(client: Client, db: None) -> None:
    assert listed("TCD", client) == []
    assert listed("MEX", client) == []


def test_an_activity_naming_the_country_is_on_the_page_and_in_the_api(client: Client, db: None) -> None:
    [chad, chadian] = activities_saying(
        "Support returnees in chad with reintegration.", "Consult the Chadian diaspora."
    )
    assert listed("TCD", client) == [chad.get_absolute_url()]
    page = client.get("/countries/TCD/").content.decode()
    assert "Work plan activities that name this country" in page
    assert f'href="{chad.get_absolute_url()}" dir="auto" lang="en">Support returnees in chad' in page
    assert chadian.get_absolute_url() not in page


def test_names_in_the_other_un_languages_count(client: Client, db: None) -> None:
    [french, chinese, russian] = activities_saying(
        "Appui aux migrants au Tchad.", "支持乍得的移民。", "Поддержка мигрантов (ЧАД)."
    )
    assert listed("TCD", client) == [a.get_absolute_url() for a in (french, chinese, russian)]


def test_a_name_inside_a_longer_country_name_is_not_that_country(client: Client, db: None) -> None:
    [drc, congo] = activities_saying(
        "Mapping of displacement in the Democratic Republic of the Congo.", "Labour mobility from Congo."
    )
    assert listed("COD", client) == [drc.get_absolute_url()]
    assert listed("COG", client) == [congo.get_absolute_url()]


def test_the_command_prints_the_activities_in_its_json(db: None) -> None:
    [chad] = activities_saying("Border management training for Chad.")
    out = io.StringIO()
    call_command("country_profile", "tcd", "--json", stdout=out)
    activities = json.loads(out.getvalue())["work_plan_activities"]
    assert [(a["ref"], a["url"], a["language"]) for a in activities] == [
        (chad.key, chad.get_absolute_url(), "en")
    ]
