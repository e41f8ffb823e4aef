"""The five thematic areas of the Network's multi-annual work plan."""

from django.db import migrations

THEMATIC_AREAS = [
    (1, "Promoting fact-based and data-driven migration discourse, policy and planning"),
    (2, "Protecting the human rights, safety and wellbeing of migrants, including through addressing drivers and "
        "mitigating situations of vulnerability in migration"),
    (3, "Addressing irregular migration including through managing borders and combatting transnational crime"),
    (4, "Facilitating regular migration, decent work and enhancing the positive development effects of human "
        "mobility"),
    (5, "Improving the social inclusion and integration of migrants"),
]


def seed(apps, schema_editor):
    areas = apps.get_model("knowledge", "ThematicArea").objects.using(schema_editor.connection.alias)
    for number, title in THEMATIC_AREAS:
        areas.update_or_create(number=number, defaults={"title": title})


def unseed(apps, schema_editor):
    areas = apps.get_model("knowledge", "ThematicArea").objects.using(schema_editor.connection.alias)
    areas.filter(number__in=[n for n, _ in THEMATIC_AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
