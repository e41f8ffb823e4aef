"""Search facet values name reference data in the reader's language."""

import pytest
from django.utils import translation

from gcmhub.knowledge import facets

pytestmark = pytest.mark.django_db


def test_reference_facets_are_named_in_the_active_language() -> None:
    with translation.override("es"):
        assert facets.objectives(["21"]) == {"21": "21. Regreso y reintegración"}
        assert facets.principles(["human-rights"]) == {"human-rights": "Derechos humanos"}
        assert facets.regions(["150"]) == {"150": "Europa"}
        assert facets.organizations(["IOM"]) == {
            "IOM": "IOM — Organización Internacional para las Migraciones"
        }
    with translation.override("en"):
        assert facets.objectives(["21"]) == {"21": "21. Return and reintegration"}
