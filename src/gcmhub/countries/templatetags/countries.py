from decimal import Decimal

from django import template

from gcmhub.countries import charts, queries
from gcmhub.reference.models import Country

register = template.Library()


@register.simple_tag
def country_name(country: Country) -> str:
    """The name as the UN writes it (Kosovo with its asterisk)."""
    return queries.display_name(country)


@register.filter
def figure(value: Decimal | int) -> str:
    return charts.shown(value)
