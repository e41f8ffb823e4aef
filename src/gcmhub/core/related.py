"""Lists of related records that an app higher up adds to the pages of an app below it.

An app may not import the apps above it (docs/architecture.md), yet its pages sometimes have to show what
those apps link to them: a joint programme's page lists the situations of the comms app that name it. The
higher app registers, in its AppConfig.ready(), a provider for the model's label; the lower app's template
calls `{% related_lists obj %}` (`core/templatetags/related.py`), which asks every provider of the object's
model. A provider decides who sees what: its list holds only what the reader may see, and an empty list is
not shown at all (no heading either), so a reader outside the list's audience learns nothing of it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from gcmhub.core.actors import AnyUser


@dataclass(frozen=True)
class RelatedLink:
    label: str
    url: str
    language: str = ""  # the label's own language when it is content (a title), for its `lang` attribute
    status: str = ""  # already translated, e.g. "Response agreed"
    date: datetime.date | None = None


@dataclass(frozen=True)
class RelatedList:
    key: str  # names the list on the page (its heading's id is "related-<key>"), e.g. "situations"
    title: str  # the heading, translated
    links: list[RelatedLink]
    note: str = ""  # a line under the heading, translated, e.g. who else sees the list


# The reader and an instance of the registered model (each provider types its own) -> what the reader may see.
RelatedProvider = Callable[[AnyUser, Any], RelatedList]
_providers: dict[str, list[RelatedProvider]] = {}


def register_related(model_label: str, provider: RelatedProvider) -> None:
    """Show `provider`'s list on the pages of the model named `model_label` (e.g. "fund.jointprogramme")."""
    providers = _providers.setdefault(model_label.lower(), [])
    if provider not in providers:
        providers.append(provider)


def related_lists(reader: AnyUser, instance: models.Model) -> list[RelatedList]:
    """The lists `reader` may see about `instance`, in the order they were registered; an empty list is
    left out (a heading over nothing only lengthens the page)."""
    found = (provider(reader, instance) for provider in _providers.get(instance._meta.label_lower, []))
    return [listed for listed in found if listed.links]
