"""The entries of the books that can be reversed, found by type and id within one fund."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gcmhub.core.exceptions import NotFound
from gcmhub.fund.models import Allocation, Commitment, Deposit, Fund, FundEntry, ProgrammeEntry
from gcmhub.fund.models.ledger import Reversible

# The entry types as they appear in URLs and the API.
ENTRY_TYPES: dict[str, type[Reversible]] = {
    "deposit": Deposit,
    "commitment": Commitment,
    "fund_entry": FundEntry,
    "allocation": Allocation,
    "programme_entry": ProgrammeEntry,
}
ENTRY_TYPE_LABELS = {
    "deposit": gettext_lazy("Deposit"),
    "commitment": gettext_lazy("Signed commitment"),
    "fund_entry": gettext_lazy("Interest, direct cost or bank charge"),
    "allocation": gettext_lazy("Allocation to a programme"),
    "programme_entry": gettext_lazy("Transfer, refund or expenditure"),
}
DATE_FIELDS = {"deposit": "received_on", "commitment": "signed_on"}


def entry_type_of(entry: Reversible) -> str:
    return next(name for name, model in ENTRY_TYPES.items() if isinstance(entry, model))


def entry_date(entry: Reversible) -> datetime.date:
    value: datetime.date = getattr(entry, DATE_FIELDS.get(entry_type_of(entry), "date"))
    return value


def entries_of(fund: Fund, entry_type: str) -> "QuerySet[Any]":
    model = ENTRY_TYPES.get(entry_type)
    if model is None:
        raise NotFound(
            _("There is no kind of entry %(kind)s; use one of: %(kinds)s.")
            % {"kind": entry_type[:30], "kinds": ", ".join(ENTRY_TYPES)}
        )
    entries: QuerySet[Any] = model.objects.all()  # type: ignore[attr-defined]  # the model is one of several
    if model in (Allocation, ProgrammeEntry):
        return entries.filter(programme__fund=fund)
    return entries.filter(fund=fund)


def get_entry(fund: Fund, entry_type: str, entry_id: int) -> Any:
    """One entry of the fund's books with its reversal (if any) and the entry it reverses (if any)."""
    entry = entries_of(fund, entry_type).select_related("reverses", "reversed_by").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("The fund has no such entry."))
    return entry
