"""The reference data files: objective titles are the adopted ones, every label exists in the six UN languages
with its origin, every M49 region has names, and each record shows its label in the reader's language."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from gcmhub.reference import catalog, sources
from gcmhub.reference.catalog import LANGUAGES, CatalogError, read_data_file
from gcmhub.reference.labels import label, language_code
from gcmhub.reference.models import (
    Country,
    GuidingPrinciple,
    MembershipGroup,
    Objective,
    Organization,
    Region,
    SDGIndicator,
)

OBJECTIVE_LINE = re.compile(r"^Objective (\d+):\s*(.*)$")
DATA_FILES = sorted(catalog.DATA_DIR.glob("*.json"))


def objective_titles_in_workplan() -> dict[int, str]:
    """Objective titles as the work plan document gives them, joining titles that wrap onto the next line."""
    titles: dict[int, str] = {}
    lines = settings.GCMHUB_WORKPLAN_FILE.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        match = OBJECTIVE_LINE.match(line.replace("\xa0", " "))
        if not match:
            continue
        title = match.group(2)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if following.strip() and not following.startswith(("Objective", "\t")) and following[0].islower():
            title = f"{title} {following}"
        titles[int(match.group(1))] = " ".join(title.split())
    return titles


# The draft work plan paraphrases these two; the data keeps the GCM's titles as adopted (A/RES/73/195).
ADOPTED_WHERE_THE_PLAN_DIFFERS = {
    3: "Provide accurate and timely information at all stages of migration",
    21: "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable "
    "reintegration",
}


def test_objective_titles_are_the_adopted_ones_where_the_work_plan_paraphrases() -> None:
    in_plan = objective_titles_in_workplan()
    assert sorted(in_plan) == list(range(1, 24))
    assert in_plan[22].endswith("and earned benefits")
    titles = {o.number: o.title.en for o in catalog.objectives()}
    differing = {number for number, title in titles.items() if in_plan[number] != title}
    assert differing == set(ADOPTED_WHERE_THE_PLAN_DIFFERS)
    assert {number: titles[number] for number in differing} == ADOPTED_WHERE_THE_PLAN_DIFFERS


def test_the_english_objective_titles_and_principles_are_official() -> None:
    assert {o.title.origins["en"] for o in catalog.objectives()} == {"A/RES/73/195"}
    assert {p.title.origins["en"] for p in catalog.principles()} == {"A/RES/73/195"}


def test_region_names_are_the_m49_names_in_all_six_languages() -> None:
    names = catalog.region_names()
    assert {origin for name in names.values() for origin in name.origins.values()} == {"M49"}
    # The names UNSD publishes in each language, which a translation of our own would not guess.
    assert names["019"].texts["ru"] == "Северная и Южная Америка"
    assert names["014"].texts["fr"] == "Afrique orientale"


def test_sdg_titles_are_official_except_arabic_and_the_russian_of_10c1() -> None:
    official = "open-sdg/sdg-translations"
    for indicator in catalog.sdg_indicators():
        origins = indicator.title.origins
        assert origins["ar"] == "project", indicator.code
        assert {origins[code] for code in ("zh", "fr", "es")} == {official}, indicator.code
        assert origins["ru"] == ("project" if indicator.code == "10.c.1" else official), indicator.code


def test_every_source_but_the_projects_own_says_what_it_is() -> None:
    for path in DATA_FILES:
        sources = json.loads(path.read_text(encoding="utf-8"))["sources"]
        assert all(source.get("title") for source in sources.values()), path.name
        assert all(
            source["url"].startswith(("https://", "http://"))
            for source in sources.values()
            if "url" in source
        ), path.name


def test_every_m49_region_in_the_country_table_has_names() -> None:
    regions, _ = sources.read_countries()
    assert {r.m49: r.name for r in regions} == {code: n.en for code, n in catalog.region_names().items()}


def test_catalogue_keys_are_unique_and_complete() -> None:
    assert [o.number for o in catalog.objectives()] == list(range(1, 24))
    assert len({p.slug for p in catalog.principles()}) == 10
    acronyms = [o.acronym for o in catalog.organizations()]
    assert len(acronyms) == len(set(acronyms)) == 40
    assert len({s.code for s in catalog.sdg_indicators()}) == 9
    assert len({g.slug for g in catalog.groups()}) == 10
    assert [a.number for a in catalog.thematic_areas()] == [1, 2, 3, 4, 5]


def test_thematic_area_titles_are_the_work_plans_headings() -> None:
    text = settings.GCMHUB_WORKPLAN_FILE.read_text(encoding="utf-8")
    headings = dict(re.findall(r"^\s*Thematic Area (\d+): (.+?)\s*$", text, flags=re.MULTILINE))
    assert {int(n): t for n, t in headings.items()} == {
        a.number: a.title.en for a in catalog.thematic_areas()
    }


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_label_is_in_six_languages_with_a_known_origin(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    labelled = 0
    for item in data["items"]:
        for name, origin in item["origin"].items():
            assert set(item[name]) == set(LANGUAGES), (path.name, name)
            assert all(text.strip() for text in item[name].values())
            origins = {origin} if isinstance(origin, str) else set(origin.values())
            assert origins <= set(data["sources"]), (path.name, origins)
            labelled += 1
    assert labelled >= len(data["items"])
    assert len(read_data_file(path)) == len(data["items"])


def test_the_labels_differ_between_languages_where_scripts_differ() -> None:
    # A copy of the English text in a language of another script would be a placeholder, not a translation.
    labels = [o.title for o in catalog.objectives()] + [r for r in catalog.region_names().values()]
    for each in labels:
        assert len({each.texts[code] for code in ("en", "ru", "zh", "ar")}) == 4, each.en


def write(tmp_path: Path, item: dict[str, Any], sources: dict[str, Any] | None = None) -> Path:
    path = tmp_path / "objectives.json"
    path.write_text(json.dumps({"sources": sources or {"project": {}}, "items": [item]}), encoding="utf-8")
    return path


SIX = {code: f"Title {code}" for code in LANGUAGES}


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"number": 1, "title": {"en": "Data"}, "origin": {"title": "project"}}, "exactly the languages"),
        ({"number": 1, "title": {**SIX, "fr": " "}, "origin": {"title": "project"}}, "empty label"),
        (
            {"number": 1, "title": {**SIX, "ar": "هولندا (مملكة _)"}, "origin": {"title": "project"}},
            "placeholder",
        ),
        ({"number": 1, "title": SIX, "origin": {}}, "origin"),
        ({"number": 1, "title": SIX, "origin": {"title": "somewhere"}}, "somewhere is not among"),
    ],
)
def test_a_file_that_breaks_the_rules_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, item: dict[str, Any], message: str
) -> None:
    monkeypatch.setattr(catalog, "DATA_DIR", tmp_path)
    write(tmp_path, {**item, "short_label": SIX, "origin": {**item["origin"], "short_label": "project"}})
    catalog.objectives.cache_clear()
    try:
        with pytest.raises(CatalogError, match=message):
            catalog.objectives()
    finally:
        catalog.objectives.cache_clear()


@pytest.mark.parametrize(
    ("django_code", "code"), [("zh-hans", "zh"), ("fr", "fr"), ("ar", "ar"), ("de", "en")]
)
def test_language_codes_map_to_the_data_files(django_code: str, code: str) -> None:
    assert language_code(django_code) == code


@pytest.mark.django_db
def test_each_record_shows_its_label_in_the_active_language() -> None:
    objective = Objective.objects.get(number=3)
    with translation.override("fr"):
        assert objective.title_display == (
            "Fournir dans les meilleurs délais des informations exactes à toutes les étapes de la migration"
        )
        assert objective.label_display == "Information"
    with translation.override("zh-hans"):
        assert objective.label_display == "信息"
    with translation.override("en"):
        assert objective.title_display == "Provide accurate and timely information at all stages of migration"
    with translation.override("ru"):
        assert GuidingPrinciple.objects.get(number=1).title_display == "Ориентация на интересы людей"
        assert Region.objects.get(m49="150").name_display == "Европа"
        assert SDGIndicator.objects.get(code="10.c.1").title_display.startswith(
            "Стоимость денежных переводов"
        )
    with translation.override("ar"):
        assert MembershipGroup.objects.get(slug="csos").name_display == "منظمات المجتمع المدني"
        iom = Organization.objects.get(acronym="IOM")
        assert iom.name_display == "المنظمة الدولية للهجرة"
        assert iom.notes_display == "منسق الشبكة؛ يستضيف أمانتها."
    assert (
        label(objective, "title", "es")
        == "Proporcionar información exacta y oportuna en todas las etapas de la migración"
    )


@pytest.mark.django_db
def test_a_label_without_a_translation_is_shown_as_stored() -> None:
    objective = Objective.objects.get(number=1)
    objective.translations = {"title": {"fr": "Données"}}
    with translation.override("es"):
        assert objective.label_display == "Data"
        assert objective.title_display == objective.title
    cso = Organization(acronym="X", name="A local association", kind=Organization.Kind.CSO)
    with translation.override("fr"):
        assert cso.name_display == "A local association"


@pytest.mark.django_db
def test_a_government_is_named_after_its_country_in_the_active_language() -> None:
    mexico = Organization.objects.select_related("country").get(acronym="GOV-MEX")
    with translation.override("en"):
        assert mexico.name_display == "Government of Mexico"
    with translation.override("es"):
        assert "México" in mexico.name_display
    with translation.override("zh-hans"):
        assert "墨西哥" in mexico.name_display


@pytest.mark.django_db
def test_a_country_name_falls_back_to_english_where_the_source_has_none() -> None:
    taiwan = Country.objects.get(iso3="TWN")
    assert taiwan.name_en
    assert taiwan.name_in("ar") == taiwan.name_en
    with translation.override("ru"):
        assert Country.objects.get(iso3="FRA").name_display == "Франция"
