"""Knowledge's own thematic areas give way to reference.ThematicArea, once nothing points at them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_resource_thematic_areas_reference"),
        # Questions pointed at knowledge's areas until this one.
        ("reporting", "0005_question_thematic_area_reference"),
    ]

    operations = [migrations.DeleteModel(name="ThematicArea")]
