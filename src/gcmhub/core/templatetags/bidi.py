from django import template

from gcmhub.core.bidi import text_direction

register = template.Library()


@register.filter
def direction(value: object) -> str:
    """`<span dir="{{ text|direction }}">`: the direction the text's own characters give it."""
    return text_direction(str(value))
