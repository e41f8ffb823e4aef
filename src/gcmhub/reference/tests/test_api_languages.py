"""Every reference label comes from the API in the language asked for with ?lang= (or Accept-Language)."""

# Chinese and Arabic labels use their own punctuation.
# ruff: noqa: RUF001

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

BASE = "/api/v1/reference"


def get(client: Client, path: str, **headers: Any) -> Any:
    response = client.get(f"{BASE}{path}", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_objective_titles_and_labels_come_in_the_requested_language(client: Client) -> None:
    french = get(client, "/objectives/3?lang=fr")
    assert french["title"] == (
        "Fournir dans les meilleurs délais des informations exactes à toutes les étapes de la migration"
    )
    assert get(client, "/objectives/21?lang=es")["short_label"] == "Regreso y reintegración"
    chinese = get(client, "/objectives?lang=zh")
    assert [o["short_label"] for o in chinese[:2]] == ["数据", "不利驱动因素"]
    assert get(client, "/objectives/1", HTTP_ACCEPT_LANGUAGE="ar")["short_label"] == "البيانات"


def test_principles_regions_groups_indicators_and_organizations_too(client: Client) -> None:
    assert get(client, "/principles?lang=es")[0]["title"] == "Centrada en las personas"
    regions = {r["m49"]: r["name"] for r in get(client, "/regions?lang=ru&level=region")}
    assert regions["002"] == "Африка"
    assert {g["slug"]: g["name"] for g in get(client, "/groups?lang=fr")}["member-states"] == "États Membres"
    indicators = {s["code"]: s["title"] for s in get(client, "/sdg-indicators?lang=ar")}
    assert indicators["10.c.1"] == "تكاليف التحويلات المالية كنسبة من المبلغ المحوّل"
    iom = get(client, "/organizations/IOM?lang=zh")
    assert (iom["name"], iom["notes"]) == ("国际移民组织", "网络协调方；设有网络秘书处。")
    country = get(client, "/countries/NLD?lang=ar")
    assert country["name"] == "مملكة هولندا"
    assert country["region"]["name"] == "أوروبا"


def test_without_a_language_the_labels_are_english(client: Client) -> None:
    assert get(client, "/principles")[0]["title"] == "People-centred"
    assert (
        get(client, "/objectives/3")["title"]
        == "Provide accurate and timely information at all stages of migration"
    )


def test_the_thematic_areas_come_in_the_requested_language(client: Client) -> None:
    english = get(client, "/thematic-areas")
    assert [a["number"] for a in english] == [1, 2, 3, 4, 5]
    assert english[4] == {"number": 5, "title": "Improving the social inclusion and integration of migrants"}
    french = get(client, "/thematic-areas?lang=fr")
    assert french[4]["title"] == "Améliorer l’inclusion sociale et l’intégration des migrants"
    assert (
        get(client, "/thematic-areas", HTTP_ACCEPT_LANGUAGE="zh-hans")[4]["title"]
        == "改善移民的社会包容和融合"
    )
