"""The fund's books: the fund, its capitalization targets and thematic areas, contributors, commitments,
deposits and the administrative agent's other entries (interest, direct costs, bank charges)."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gcmhub.core.models import TimeStampedModel
from gcmhub.reference.models import Country, Objective, Organization
from gcmhub.reference.models import ThematicArea as ReferenceArea

currency_code = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 currency code such as EUR."))
positive = MinValueValidator(Decimal("0.01"))


class Fund(TimeStampedModel):
    """A pooled fund administered by an administrative agent; its books are kept in US dollars."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    currency = models.CharField(max_length=3, default="USD", editable=False)
    administrative_agent = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="administered_funds"
    )
    # The administrative agent's fee, charged on each deposit as it is received.
    admin_fee_rate = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal("0.0100"))
    # Indirect support costs included in each participating organization's budget share.
    indirect_cost_rate = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal("0.0700"))
    established_on = models.DateField(_("established on"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    iati_org_ref = models.CharField(
        _("IATI organisation identifier"),
        max_length=60,
        blank=True,
        help_text=_("The reporting organisation's IATI identifier, used in the IATI export."),
    )
    framework = models.OneToOneField(
        "results.Framework", null=True, blank=True, on_delete=models.SET_NULL, related_name="fund"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class CapitalizationTarget(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="targets")
    target_date = models.DateField(_("target date"))
    amount_usd = models.DecimalField(
        _("amount (USD)"), validators=[positive], max_digits=18, decimal_places=2
    )
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        ordering = ["fund", "target_date"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "target_date"], name="unique_fund_target_date")
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.target_date}: {self.amount_usd}"


class ThematicArea(models.Model):
    """One of the fund's thematic areas: the platform's area (reference data, which gives it its title) with
    the objectives the fund serves under it; linked to the work plan's thematic area of the same number."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="thematic_areas")
    area = models.ForeignKey(ReferenceArea, on_delete=models.PROTECT, related_name="fund_areas")
    # The area's number, kept on the row for the (fund, number) constraint and the filters by number.
    number = models.PositiveSmallIntegerField(_("number"))
    objectives = models.ManyToManyField(Objective, blank=True, related_name="fund_thematic_areas")

    class Meta:
        ordering = ["fund", "number"]
        constraints = [models.UniqueConstraint(fields=["fund", "number"], name="unique_fund_area_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        """The area's title as stored (English)."""
        return self.area.title

    @property
    def title_display(self) -> str:
        return self.area.title_display

    @property
    def heading_display(self) -> str:
        return self.area.heading_display

    def workplan_section(self) -> Any:
        """The current work plan's thematic area with this number: linked by number, not by row, so a
        re-imported plan (a new version) keeps the link."""
        from gcmhub.workplan.models import Section
        from gcmhub.workplan.queries import current_version

        version = current_version()
        if version is None:
            return None
        return Section.objects.filter(
            version=version, kind=Section.Kind.THEMATIC_AREA, number=self.number
        ).first()


class Contributor(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        FOUNDATION = "foundation", _("Foundation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=250, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="fund_contributors"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Reversible(models.Model):
    """An entry of the books is never edited or deleted: a mistake is undone by a reversing entry, a copy
    with the opposite amounts that links to the original and says why. Amounts are positive except in a
    reversal, so every sum over a table nets an entry and its reversal to zero."""

    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    reversal_reason = models.TextField(_("reason for the reversal"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_reversal(self) -> bool:
        # each concrete entry model declares `reverses`; this abstract base does not.
        return self.reverses_id is not None  # type: ignore[attr-defined]


class MoneyIn(Reversible):
    """An amount in the contributor's currency with its US dollar equivalent at the rate of the day."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT)
    contributor = models.ForeignKey(Contributor, on_delete=models.PROTECT)
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    # US dollars per unit of `currency` on the date.
    rate_to_usd = models.DecimalField(_("exchange rate to USD"), max_digits=18, decimal_places=8)
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=18, decimal_places=2)
    # None: unearmarked.
    earmarked_area = models.ForeignKey(ThematicArea, null=True, blank=True, on_delete=models.PROTECT)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Commitment(MoneyIn):
    """A signed contribution agreement."""

    signed_on = models.DateField(_("signed on"))

    class Meta:
        ordering = ["fund", "signed_on", "pk"]
        default_related_name = "commitments"

    def __str__(self) -> str:
        return f"{self.contributor}: {self.amount} {self.currency} ({self.signed_on})"


class Deposit(MoneyIn):
    """Cash received by the administrative agent; the agent's fee is taken as it arrives."""

    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.PROTECT, related_name="deposits"
    )
    received_on = models.DateField(_("received on"))
    fee_usd = models.DecimalField(_("administrative agent fee (USD)"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["fund", "received_on", "pk"]
        default_related_name = "deposits"

    def __str__(self) -> str:
        return f"{self.contributor}: {self.amount} {self.currency} ({self.received_on})"


class FundEntry(Reversible):
    """Other money in or out of the administrative agent's account."""

    class Kind(models.TextChoices):
        INTEREST = "interest", _("Interest and investment income")
        DIRECT_COST = "direct_cost", _("Direct costs")
        BANK_CHARGE = "bank_charge", _("Bank charges")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=18, decimal_places=2)
    description = models.CharField(_("description"), max_length=250, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fund", "date", "pk"]
        verbose_name_plural = "fund entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}: {self.amount_usd}"
