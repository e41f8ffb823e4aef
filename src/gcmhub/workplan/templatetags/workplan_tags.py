"""Small display helpers for the work plan templates."""

import datetime

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gcmhub.workplan.models import ExpectedResult, Section

register = template.Library()


@register.filter
def timeframe_summary(result: ExpectedResult) -> str:
    """The parsed timeframe in words: "6-12 months" (with an en dash), "every 24 months", "open-ended"."""
    if result.recurrence_months:
        count = result.recurrence_months
        return ngettext("every %(count)s month", "every %(count)s months", count) % {"count": count}
    if result.open_ended:
        return _("open-ended")
    low, high = result.min_months, result.max_months
    if low and high and low != high:
        # An en dash is the typographic range sign.
        return _("%(min)s–%(max)s months") % {"min": low, "max": high}  # noqa: RUF001
    if high and low:
        return ngettext("%(count)s month", "%(count)s months", high) % {"count": high}
    if high:
        return ngettext("up to %(count)s month", "up to %(count)s months", high) % {"count": high}
    if low:
        return ngettext("at least %(count)s month", "at least %(count)s months", low) % {"count": low}
    return _("not stated")


# The plan's text is shown as imported from its source document, which is in English. Pages mark it so, and
# screen readers read it with an English voice inside a page in Arabic or any other language.
PLAN_LANGUAGE = "en"


@register.simple_tag
def plan_language() -> str:
    return PLAN_LANGUAGE


@register.filter
def section_heading(section: Section) -> SafeString:
    """ "Thematic area 3: Addressing irregular migration…", the title isolated so it reads right in Arabic."""
    title = format_html('<bdi lang="{}">{}</bdi>', PLAN_LANGUAGE, section.title)
    if section.kind == Section.Kind.THEMATIC_AREA and section.number is not None:
        template = _("Thematic area %(number)s: %(title)s")
    else:
        template = _("Cross-cutting: %(title)s")
    # Both the translated sentence and the title are escaped before they are joined.
    return mark_safe(conditional_escape(template) % {"number": section.number, "title": title})


@register.filter
def section_short(section: Section) -> str:
    if section.kind == Section.Kind.THEMATIC_AREA and section.number is not None:
        return _("Thematic area %(number)s") % {"number": section.number}
    return _("Cross-cutting")


@register.filter
def overdue_on(activity: object, today: datetime.date | None) -> bool:
    """Activity.is_overdue for a given day (templates cannot pass arguments to methods)."""
    is_overdue = getattr(activity, "is_overdue", None)
    return bool(is_overdue and is_overdue(today))
