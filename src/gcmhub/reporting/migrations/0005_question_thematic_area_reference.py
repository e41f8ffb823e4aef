"""Questions name the platform's one list of thematic areas (reference.ThematicArea), matched by number."""

import django.db.models.deletion
from django.db import migrations, models


def carry(apps, db, source, target, source_field, target_field):
    """Point every question's `target_field` at the area of `target` numbered as its `source_field`."""
    Question = apps.get_model("reporting", "Question")
    areas = apps.get_model(target, "ThematicArea").objects.using(db)
    for question in Question.objects.using(db).exclude(**{source_field: None}).select_related(source_field):
        old = getattr(question, source_field)
        area, _ = areas.get_or_create(number=old.number, defaults={"title": old.title})
        setattr(question, target_field, area)
        question.save(update_fields=[target_field])


def forward(apps, schema_editor):
    db = schema_editor.connection.alias
    carry(apps, db, "knowledge", "reference", "thematic_area", "reference_thematic_area")


def backward(apps, schema_editor):
    db = schema_editor.connection.alias
    carry(apps, db, "reference", "knowledge", "reference_thematic_area", "thematic_area")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_pledge_reference"),
        ("reference", "0004_thematic_area"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="reference_thematic_area",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reference.thematicarea",
            ),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="question", name="thematic_area"),
        migrations.RenameField(
            model_name="question", old_name="reference_thematic_area", new_name="thematic_area"
        ),
        migrations.AlterField(
            model_name="question",
            name="thematic_area",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reference.thematicarea",
                verbose_name="thematic area",
            ),
        ),
    ]
