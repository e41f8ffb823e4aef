"""A fund's thematic areas name the platform's area (reference.ThematicArea) of the same number and take
their title from it. Reference rows missing at migration time are made from the fund's titles; `gcmhub
load_reference` later adds their translations, matching them by number."""

import django.db.models.deletion
from django.db import migrations, models


def link(apps, schema_editor):
    db = schema_editor.connection.alias
    reference = apps.get_model("reference", "ThematicArea").objects.using(db)
    for area in apps.get_model("fund", "ThematicArea").objects.using(db).all():
        area.area, _ = reference.get_or_create(number=area.number, defaults={"title": area.title})
        area.save(update_fields=["area"])


def copy_titles_back(apps, schema_editor):
    db = schema_editor.connection.alias
    for area in apps.get_model("fund", "ThematicArea").objects.using(db).select_related("area"):
        area.title = area.area.title
        area.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0002_entry_reversals"),
        ("reference", "0004_thematic_area"),
    ]

    operations = [
        migrations.AddField(
            model_name="thematicarea",
            name="area",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="fund_areas",
                to="reference.thematicarea",
            ),
        ),
        migrations.RunPython(link, copy_titles_back),
        # A default, so that on the way back the column can be added again before its titles are copied.
        migrations.AlterField(
            model_name="thematicarea", name="title", field=models.TextField(default="", verbose_name="title")
        ),
        migrations.RemoveField(model_name="thematicarea", name="title"),
        migrations.AlterField(
            model_name="thematicarea",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="fund_areas",
                to="reference.thematicarea",
            ),
        ),
    ]
