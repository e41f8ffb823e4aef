"""Resources name the platform's one list of thematic areas (reference.ThematicArea), matched by number.

The resources' areas move to a new many-to-many field, the old one is dropped and the new one takes its name
(and its table's name). Reference rows missing at migration time are made from the old rows; `gcmhub
load_reference` later adds their translations, matching them by number."""

from django.db import migrations, models


def carry(apps, db, source, target, source_field, target_field):
    """Give every resource, in `target_field`, the areas of `target` numbered as its `source_field` ones;
    an area `target` lacks is made from the source's title."""
    Resource = apps.get_model("knowledge", "Resource")
    targets = apps.get_model(target, "ThematicArea").objects.using(db)
    for area in apps.get_model(source, "ThematicArea").objects.using(db).all():
        twin, _ = targets.get_or_create(number=area.number, defaults={"title": area.title})
        for resource in Resource.objects.using(db).filter(**{source_field: area}):
            getattr(resource, target_field).add(twin)


def forward(apps, schema_editor):
    db = schema_editor.connection.alias
    carry(apps, db, "knowledge", "reference", "thematic_areas", "reference_thematic_areas")


def backward(apps, schema_editor):
    db = schema_editor.connection.alias
    carry(apps, db, "reference", "knowledge", "reference_thematic_areas", "thematic_areas")


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0002_thematic_areas"),
        ("reference", "0004_thematic_area"),
    ]

    operations = [
        migrations.AddField(
            model_name="resource",
            name="reference_thematic_areas",
            field=models.ManyToManyField(blank=True, related_name="+", to="reference.thematicarea"),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="resource", name="thematic_areas"),
        migrations.RenameField(
            model_name="resource", old_name="reference_thematic_areas", new_name="thematic_areas"
        ),
        migrations.AlterField(
            model_name="resource",
            name="thematic_areas",
            field=models.ManyToManyField(blank=True, related_name="resources", to="reference.thematicarea"),
        ),
    ]
