"""RSS and Atom feeds of published Network statements (Django's syndication framework)."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from gcmhub.comms import queries
from gcmhub.comms.models import Statement

FEED_SIZE = 50


class StatementsFeed(Feed):  # type: ignore[type-arg]  # Feed is not generic at run time
    title = _("UN Network on Migration: statements")
    link = reverse_lazy("comms:statements")
    description = _("Statements published by the United Nations Network on Migration.")

    def items(self) -> "QuerySet[Statement]":
        return queries.published_statements().order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: Statement) -> str:
        return item.title

    def item_description(self, item: Statement) -> str:
        return item.body

    def item_pubdate(self, item: Statement) -> datetime.datetime | None:
        return item.published_at


class StatementsAtomFeed(StatementsFeed):
    feed_type = Atom1Feed
    subtitle = StatementsFeed.description
