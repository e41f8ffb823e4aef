"""Template helpers of the events app used by the site's header."""

from django import template

from gcmhub.accounts.queries import AnyUser, is_secretariat

register = template.Library()


@register.filter
def secretariat(user: AnyUser) -> bool:
    """Whether the header links to the secretariat's dashboard."""
    return getattr(user, "is_authenticated", False) and is_secretariat(user)
