"""Template helpers for knowledge pages."""

import datetime
from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext

from gcmhub.knowledge.models import Resource
from gcmhub.knowledge.richtext import render_html
from gcmhub.knowledge.suggestions import full_suggestions, resource_text

register = template.Library()


@register.filter
def richtext(value: str) -> SafeString:
    """Sanitized HTML of a rich-text field."""
    return render_html(value or "")


@register.filter
def duration(value: datetime.timedelta | None) -> str:
    """A duration in whole days (or hours when under a day), for time-to-publish and response times."""
    if value is None:
        return "—"
    days = value.days
    if days >= 1:
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    hours = int(value.total_seconds() // 3600)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced (for pagination links that keep filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + params.urlencode() if params else "?"


@register.filter
def country_name(country: Any) -> str:
    """A country's name in the page's language."""
    return str(country.name_in(get_language() or "en"))


@register.inclusion_tag("knowledge/_objective_suggestions.html")
def objective_suggestions(resource: Resource) -> dict[str, Any]:
    """Suggested objectives and supported guiding principles for a resource's own text, marking those its
    submitter chose (review page)."""
    chosen = frozenset(
        link.objective.number for link in resource.objective_links.select_related("objective") if link.primary
    )
    chosen_principles = frozenset(resource.principles.values_list("slug", flat=True))
    text = resource_text(resource.title, resource.summary, resource.body)
    suggestions, principles = full_suggestions(text, chosen, chosen_principles)
    return {"suggestions": suggestions, "principles": principles, "live": False}
