from django.db import migrations

from gcmhub.results.dimensions import ensure_default_dimensions


def forwards(apps, schema_editor):
    ensure_default_dimensions(apps.get_model("results", "Dimension"), apps.get_model("results", "Category"))


class Migration(migrations.Migration):
    dependencies = [("results", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
