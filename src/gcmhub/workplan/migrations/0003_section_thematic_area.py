"""Work plan sections of kind thematic area name the platform's area (reference.ThematicArea) of their
number. Sections already stored are linked; an area the reference table lacks is made from the newest
section's title (`gcmhub load_reference` later adds its translations, matching it by number)."""

import django.db.models.deletion
from django.db import migrations, models


def link(apps, schema_editor):
    db = schema_editor.connection.alias
    areas = apps.get_model("reference", "ThematicArea").objects.using(db)
    sections = apps.get_model("workplan", "Section").objects.using(db).filter(kind="thematic_area")
    for section in sections.exclude(number=None).order_by("-version_id"):
        area, _ = areas.get_or_create(number=section.number, defaults={"title": section.title})
        section.thematic_area = area
        section.save(update_fields=["thematic_area"])


class Migration(migrations.Migration):
    dependencies = [
        ("workplan", "0002_activity_lead_source"),
        ("reference", "0004_thematic_area"),
    ]

    operations = [
        migrations.AddField(
            model_name="section",
            name="thematic_area",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sections",
                to="reference.thematicarea",
            ),
        ),
        migrations.RunPython(link, migrations.RunPython.noop),
    ]
