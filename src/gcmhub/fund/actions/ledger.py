"""Writes to the fund's books: the fund and its thematic areas and targets, contributors, commitments,
deposits and the administrative agent's other entries. Fund managers and the secretariat only."""

import datetime
import re
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gcmhub.core.actors import Actor, acting_user
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.fund.actions.programmes import sync_framework
from gcmhub.fund.actions.rates import convert, require_plausible_rate
from gcmhub.fund.actions.rules import available_events, check_amount, check_date, require_headroom
from gcmhub.fund.models import (
    CapitalizationTarget,
    Commitment,
    Contributor,
    Deposit,
    Fund,
    FundEntry,
    ThematicArea,
)
from gcmhub.fund.queries.access import access_fund_books, can_manage_books
from gcmhub.fund.queries.statement import cents
from gcmhub.reference.models import Country, Organization
from gcmhub.reference.models import ThematicArea as ReferenceArea
from gcmhub.results.actions import new_framework
from gcmhub.results.models import Framework
from gcmhub.workplan.models import Section
from gcmhub.workplan.queries import current_version

FUND_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")


def _require_manager(actor: Actor) -> None:
    if not can_manage_books(actor):
        raise PermissionDenied(_("Only fund managers and the secretariat may write the fund's books."))


def _locked_fund(actor: Actor, code: str) -> Fund:
    """The fund, row-locked so that two writes to its balance run one after the other."""
    fund = access_fund_books(actor, code)
    return Fund.objects.select_for_update().get(pk=fund.pk)


def _rate(value: Any) -> Decimal:
    try:
        rate = Decimal(str(value))
    except ArithmeticError:
        raise ValidationFailed(_("The fee or cost rate must be a number."), code="bad_rate") from None
    if not Decimal(0) <= rate < Decimal(1):
        raise ValidationFailed(_("A rate is a share between 0 and 1, such as 0.01 for 1%."), code="bad_rate")
    return rate


def workplan_thematic_areas() -> list[Section]:
    version = current_version()
    if version is None:
        return []
    return list(
        Section.objects.filter(version=version, kind=Section.Kind.THEMATIC_AREA)
        .prefetch_related("objectives")
        .order_by("number")
    )


def _sync_areas(fund: Fund) -> int:
    """Create the fund's thematic areas that the work plan has and the fund lacks (matched by number)."""
    existing = set(fund.thematic_areas.values_list("number", flat=True))
    created = 0
    for section in workplan_thematic_areas():
        if section.number is None or section.number in existing:
            continue
        reference = _reference_area(section.number)
        area = ThematicArea.objects.create(fund=fund, number=section.number, area=reference)
        area.objectives.set(section.objectives.all())
        created += 1
    return created


def _reference_area(number: int) -> ReferenceArea:
    """The platform's thematic area with this number, which gives the fund's area its title."""
    area = ReferenceArea.objects.filter(number=number).first()
    if area is None:
        raise ValidationFailed(
            _("Thematic area %(number)s is missing from the reference data; load it first.")
            % {"number": number},
            code="unknown_area",
        )
    return area


@transaction.atomic
def create_fund(
    *,
    actor: Actor,
    code: str,
    name: str,
    administrative_agent: str | None = None,
    admin_fee_rate: Any = "0.01",
    indirect_cost_rate: Any = "0.07",
    established_on: datetime.date | None = None,
    description: str = "",
    is_published: bool = False,
    iati_org_ref: str = "",
) -> Fund:
    """A fund with the work plan's thematic areas and its own results framework."""
    _require_manager(actor)
    code = (code or "").strip().upper()
    if not FUND_CODE.match(code):
        raise ValidationFailed(
            _("A fund code has 2 to 20 capital letters, digits or dashes."), code="bad_code"
        )
    if Fund.objects.filter(code=code).exists():
        raise ValidationFailed(_("There is already a fund %(code)s.") % {"code": code}, code="duplicate")
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("The fund needs a name."), code="required")
    agent = None
    if administrative_agent:
        agent = Organization.objects.filter(acronym__iexact=administrative_agent).first()
        if agent is None:
            raise ValidationFailed(
                _("There is no organization %(acronym)s.") % {"acronym": administrative_agent},
                code="unknown_org",
            )
    with acting_as(actor):
        fund = Fund.objects.create(
            code=code,
            name=name[:250],
            description=description,
            administrative_agent=agent,
            admin_fee_rate=_rate(admin_fee_rate),
            indirect_cost_rate=_rate(indirect_cost_rate),
            established_on=established_on,
            is_published=is_published,
            iati_org_ref=iati_org_ref.strip(),
        )
        fund.framework = new_framework(
            code=code,
            title=_("%(name)s: results framework") % {"name": name},
            kind=Framework.Kind.FUND,
            is_public=is_published,
        )
        fund.save(update_fields=["framework"])
        _sync_areas(fund)
    return fund


@transaction.atomic
def update_fund(*, actor: Actor, code: str, **changes: Any) -> Fund:
    """Change name, description, is_published or iati_org_ref (rates apply to later entries only)."""
    fund = _locked_fund(actor, code)
    allowed = {"name", "description", "is_published", "iati_org_ref", "admin_fee_rate", "indirect_cost_rate"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    with acting_as(actor):
        for name, value in changes.items():
            if value is None:
                continue
            if name in ("admin_fee_rate", "indirect_cost_rate"):
                value = _rate(value)
            setattr(fund, name, value)
        fund.save()
        if fund.framework and "is_published" in changes and changes["is_published"] is not None:
            fund.framework.is_public = bool(changes["is_published"])
            fund.framework.save(update_fields=["is_public", "updated_at"])
            for programme in fund.programmes.all():
                sync_framework(programme)
    return fund


@transaction.atomic
def sync_thematic_areas(*, actor: Actor, code: str) -> int:
    """Add the work plan's thematic areas the fund lacks; returns how many were added."""
    fund = _locked_fund(actor, code)
    with acting_as(actor):
        return _sync_areas(fund)


@transaction.atomic
def set_capitalization_target(
    *, actor: Actor, code: str, target_date: datetime.date, amount_usd: Any, note: str = ""
) -> CapitalizationTarget:
    fund = _locked_fund(actor, code)
    if not isinstance(target_date, datetime.date):
        raise ValidationFailed(_("The target date is not a date."), code="bad_date")
    amount = check_amount(amount_usd, _("The target amount"))
    with acting_as(actor):
        target, _created = CapitalizationTarget.objects.update_or_create(
            fund=fund, target_date=target_date, defaults={"amount_usd": amount, "note": (note or "")[:250]}
        )
    return target


@transaction.atomic
def create_contributor(
    *, actor: Actor, name: str, kind: str, country: str | None = None, organization: str | None = None
) -> Contributor:
    _require_manager(actor)
    name = (name or "").strip()
    if not name or len(name) > 250:
        raise ValidationFailed(_("The contributor needs a name (at most 250 characters)."), code="required")
    if kind not in Contributor.Kind.values:
        raise ValidationFailed(
            _("Unknown kind of contributor; use one of: %(kinds)s.")
            % {"kinds": ", ".join(Contributor.Kind.values)},
            code="bad_kind",
        )
    if Contributor.objects.filter(name__iexact=name).exists():
        raise ValidationFailed(
            _("There is already a contributor called %(name)s.") % {"name": name}, code="duplicate"
        )
    country_row = None
    if country:
        country_row = Country.objects.filter(iso3=country.strip().upper()).first()
        if country_row is None:
            raise ValidationFailed(
                _("There is no country %(code)s.") % {"code": country}, code="unknown_country"
            )
    org = None
    if organization:
        org = Organization.objects.filter(acronym__iexact=organization.strip()).first()
        if org is None:
            raise ValidationFailed(
                _("There is no organization %(acronym)s.") % {"acronym": organization}, code="unknown_org"
            )
    with acting_as(actor):
        return Contributor.objects.create(name=name, kind=kind, country=country_row, organization=org)


def _contributor(contributor_id: int) -> Contributor:
    contributor = Contributor.objects.filter(pk=contributor_id).first()
    if contributor is None:
        raise ValidationFailed(_("There is no such contributor."), code="unknown_contributor")
    return contributor


def _earmark(fund: Fund, number: int | None) -> ThematicArea | None:
    if number is None:
        return None
    area = fund.thematic_areas.filter(number=number).first()
    if area is None:
        raise ValidationFailed(
            _("The fund has no thematic area %(number)s.") % {"number": number}, code="unknown_area"
        )
    return area


@transaction.atomic
def record_commitment(
    *,
    actor: Actor,
    code: str,
    contributor_id: int,
    signed_on: datetime.date,
    currency: str,
    amount: Any,
    rate_to_usd: Any = None,
    confirm_rate: bool = False,
    earmarked_area: int | None = None,
    reference: str = "",
    note: str = "",
) -> Commitment:
    """A signed contribution agreement; a rate far from the last one booked needs `confirm_rate`."""
    fund = _locked_fund(actor, code)
    contributor = _contributor(contributor_id)
    signed_on = check_date(signed_on, _("The signature date"))
    conversion = convert(fund, currency, amount, rate_to_usd, signed_on)
    require_plausible_rate(conversion, confirm_rate)
    fields = conversion.fields()
    with acting_as(actor):
        return Commitment.objects.create(
            fund=fund,
            contributor=contributor,
            signed_on=signed_on,
            earmarked_area=_earmark(fund, earmarked_area),
            reference=reference[:100],
            note=note,
            recorded_by=acting_user(actor),
            **fields,
        )


@transaction.atomic
def record_deposit(
    *,
    actor: Actor,
    code: str,
    contributor_id: int,
    received_on: datetime.date,
    currency: str,
    amount: Any,
    rate_to_usd: Any = None,
    confirm_rate: bool = False,
    commitment_id: int | None = None,
    earmarked_area: int | None = None,
    reference: str = "",
    note: str = "",
) -> Deposit:
    """Cash received; the administrative agent's fee is taken from it at the fund's rate. A rate far from
    the last one booked for the currency needs `confirm_rate`."""
    fund = _locked_fund(actor, code)
    contributor = _contributor(contributor_id)
    received_on = check_date(received_on, _("The date received"))
    conversion = convert(fund, currency, amount, rate_to_usd, received_on)
    require_plausible_rate(conversion, confirm_rate)
    fields = conversion.fields()
    commitment = None
    if commitment_id is not None:
        commitment = Commitment.objects.filter(pk=commitment_id, fund=fund).first()
        if commitment is None or commitment.contributor_id != contributor.pk:
            raise ValidationFailed(
                _("That commitment is not this contributor's to this fund."), code="bad_commitment"
            )
        if commitment.is_reversal or Commitment.objects.filter(reverses=commitment).exists():
            raise ValidationFailed(
                _("That commitment was reversed; pay against the corrected commitment."),
                code="bad_commitment",
            )
        if commitment.currency == fields["currency"]:
            paid = sum(
                (d.amount for d in commitment.deposits.filter(currency=commitment.currency)), Decimal(0)
            )
            if paid + fields["amount"] > commitment.amount:
                raise ValidationFailed(
                    _("Deposits would exceed the commitment of %(amount)s %(currency)s.")
                    % {"amount": f"{commitment.amount:,.2f}", "currency": commitment.currency},
                    code="exceeds_commitment",
                )
        if earmarked_area is None and commitment.earmarked_area_id:
            # earmarked_area_id is set (checked above), so the area is there.
            earmarked_area = commitment.earmarked_area.number  # type: ignore[union-attr]
    with acting_as(actor):
        return Deposit.objects.create(
            fund=fund,
            contributor=contributor,
            commitment=commitment,
            received_on=received_on,
            fee_usd=cents(fields["amount_usd"] * fund.admin_fee_rate),
            earmarked_area=_earmark(fund, earmarked_area),
            reference=reference[:100],
            note=note,
            recorded_by=acting_user(actor),
            **fields,
        )


@transaction.atomic
def record_fund_entry(
    *,
    actor: Actor,
    code: str,
    kind: str,
    date: datetime.date,
    amount_usd: Any,
    description: str = "",
    reference: str = "",
) -> FundEntry:
    """Interest earned, or a direct cost or bank charge paid from the unallocated balance."""
    fund = _locked_fund(actor, code)
    if kind not in FundEntry.Kind.values:
        raise ValidationFailed(
            _("Unknown kind of entry; use one of: %(kinds)s.") % {"kinds": ", ".join(FundEntry.Kind.values)},
            code="bad_kind",
        )
    amount = check_amount(amount_usd, _("The amount"))
    date = check_date(date, _("The date"))
    if kind != FundEntry.Kind.INTEREST:
        require_headroom(
            available_events(fund),
            date,
            amount,
            _("The fund's available balance from %(date)s is %(available)s USD, less than %(amount)s USD."),
        )
    with acting_as(actor):
        return FundEntry.objects.create(
            fund=fund,
            kind=kind,
            date=date,
            amount_usd=amount,
            description=description[:250],
            reference=reference[:100],
            recorded_by=acting_user(actor),
        )
