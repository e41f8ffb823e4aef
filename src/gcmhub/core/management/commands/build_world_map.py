"""`gcmhub build_world_map`: project the vendored world-atlas TopoJSON once into core/data/world-map.json."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gcmhub.core.mapbuild import WORLD_MAP, write_world_map


class Command(BaseCommand):
    help = "Project the world map's geometry into core/data/world-map.json (run when the TopoJSON changes)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = write_world_map()
        self.stdout.write(
            _("Wrote %(count)d countries to %(path)s.") % {"count": count, "path": str(WORLD_MAP)}
        )
