"""Rich text: a small allow-list of HTML, sanitized with nh3 when saved and again when rendered."""

import re

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "abbr",
    "sub",
    "sup",
    "hr",
}
ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Their content is dropped too, not just the tags.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
_BLANK_LINES = re.compile(r"\n\s*\n")


def clean_html(value: str) -> str:
    """The HTML with everything outside the allow-list removed (no scripts, event handlers, styles, forms)."""
    if not value:
        return ""
    plain = "<" not in value
    if plain and "\n" in value:
        # Plain text pasted into the editor: keep its paragraphs.
        value = "".join(
            f"<p>{paragraph.strip()}</p>" for paragraph in _BLANK_LINES.split(value) if paragraph.strip()
        )
    elif plain and ">" not in value and "&" not in value:
        # No markup and nothing to escape: already safe (and bulk imports skip the parser).
        return value.strip()
    return nh3.clean(
        value,
        tags=TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def render_html(value: str) -> SafeString:
    """Safe to put in a page: sanitized again at render time, whatever is in the database."""
    return mark_safe(clean_html(value))


def plain_text(value: str) -> str:
    """The words of a rich text, for search and e-mails."""
    return " ".join(strip_tags(clean_html(value).replace("<", " <")).split())
