"""`{% related_lists obj %}`: the lists other apps register about `obj` (core/related.py), as the reader may
see them; nothing at all when there are none."""

from typing import Any

from django import template

from gcmhub.core.related import related_lists as lists_for

register = template.Library()


@register.inclusion_tag("core/_related.html", takes_context=True)
def related_lists(context: template.Context, instance: Any) -> dict[str, Any]:
    return {"lists": lists_for(context["request"].user, instance)}
