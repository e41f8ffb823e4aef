"""Indicator values per country (or corridor) and year, each with its source; the country team's facts; and
migration corridors with the records tagged with them. Other apps' records are referred to by their public
key only, so no other app's tables change."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gcmhub.reference.models import Country, Organization, Region


class Unit(models.TextChoices):
    PERSONS = "persons", _("persons")
    PERCENT = "percent", _("per cent")
    PER_100K = "per_100k", _("per 100,000 population")
    USD = "usd", _("US dollars")
    NUMBER = "number", _("number")


class Source(models.Model):
    """Where values come from: the publication (publisher and title) and where the copy was taken."""

    key = models.SlugField(max_length=60, unique=True)
    publisher = models.CharField(_("publisher"), max_length=250)
    title = models.CharField(_("title"), max_length=250)
    url = models.URLField(_("address"), blank=True)
    copy_url = models.URLField(_("copy used"), blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        return gettext("%(publisher)s, %(title)s") % {"publisher": self.publisher, "title": self.title}


class Indicator(models.Model):
    """A measure with one value per country (or corridor) and year. `sdg_code` names the SDG indicator it
    serves, when it does."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=250)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    sdg_code = models.CharField(_("SDG indicator"), max_length=12, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Shipped indicators are described by the catalogue and translated there.
    is_shipped = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("countries:indicator", args=[self.code])

    @property
    def name_display(self) -> str:
        from gcmhub.countries.catalog import translated_name

        return translated_name(self)

    def accepts(self, value: Decimal) -> bool:
        """Whether `value` is in range for the unit: no negative counts, shares between 0 and 100."""
        if value < 0:
            return False
        return not (self.unit == Unit.PERCENT and value > 100)


class Corridor(models.Model):
    """Origin → destination, each a country or an M49 region. `code` is the public key: `MEX-USA`,
    `R419-R021` (regions by M49 code), or a mix such as `MEX-R021`."""

    code = models.CharField(max_length=20, unique=True)
    origin_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    destination_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    destination_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(origin_country__isnull=True) ^ Q(origin_region__isnull=True),
                name="corridor_one_origin",
            ),
            models.CheckConstraint(
                condition=Q(destination_country__isnull=True) ^ Q(destination_region__isnull=True),
                name="corridor_one_destination",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("countries:corridor", args=[self.code])

    @property
    def origin(self) -> Country | Region:
        return self.origin_country or self.origin_region  # type: ignore[return-value]  # one is set (constraint)

    @property
    def destination(self) -> Country | Region:
        return self.destination_country or self.destination_region  # type: ignore[return-value]  # as above

    @property
    def name_display(self) -> str:
        return gettext("%(origin)s to %(destination)s") % {
            "origin": self.origin.name_display,
            "destination": self.destination.name_display,
        }


class IndicatorValue(models.Model):
    """One value of one indicator for a country (or a corridor) and a year, with its source. `source_date` is
    when the source published the value or, when that is not known, the date of the copy it was read from."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    corridor = models.ForeignKey(
        Corridor, null=True, blank=True, on_delete=models.PROTECT, related_name="values"
    )
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=20, decimal_places=6)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="values")
    source_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=250, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator__position", "year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=True) ^ Q(corridor__isnull=True), name="value_country_or_corridor"
            ),
            models.UniqueConstraint(
                fields=["indicator", "country", "year"],
                condition=Q(corridor__isnull=True),
                name="one_value_per_country_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "corridor", "year"],
                condition=Q(country__isnull=True),
                name="one_value_per_corridor_year",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year"], name="value_by_indicator_year")]

    def __str__(self) -> str:
        place = self.country.iso3 if self.country else str(self.corridor)
        return f"{self.indicator.code} {place} {self.year}: {self.value}"


class CountryFacts(models.Model):
    """What the country team knows and keeps: the UN Cooperation Framework cycle and whether it integrates the
    GCM, the UN country network on migration, GCM Champion status. Empty until someone records it."""

    country = models.OneToOneField(Country, on_delete=models.PROTECT, related_name="+")
    cooperation_framework_start = models.PositiveSmallIntegerField(
        _("Cooperation Framework: first year"), null=True, blank=True
    )
    cooperation_framework_end = models.PositiveSmallIntegerField(
        _("Cooperation Framework: last year"), null=True, blank=True
    )
    renewal_year = models.PositiveSmallIntegerField(
        _("Cooperation Framework: year of renewal"), null=True, blank=True
    )
    gcm_integrated = models.BooleanField(
        _("The Cooperation Framework integrates the GCM"), null=True, blank=True
    )
    significant_migration_component = models.BooleanField(
        _("The Cooperation Framework has a significant migration component"), null=True, blank=True
    )
    network_exists = models.BooleanField(_("A UN country network on migration exists"), null=True, blank=True)
    network_since = models.PositiveSmallIntegerField(_("Country network: since"), null=True, blank=True)
    network_co_leads = models.ManyToManyField(
        Organization, blank=True, related_name="+", verbose_name=_("Country network: co-leads")
    )
    is_champion = models.BooleanField(_("GCM Champion country"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.country.iso3


class CorridorTag(models.Model):
    """A record of another app tagged with a corridor, by its public key: a knowledge resource's id
    (practices, bilateral labour agreements kept as resources), a joint programme's code, a pledge's id."""

    class Kind(models.TextChoices):
        RESOURCE = "resource", _("Practice or agreement")
        PROGRAMME = "programme", _("Joint programme")
        PLEDGE = "pledge", _("Pledge")

    corridor = models.ForeignKey(Corridor, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ref = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "ref"]
        constraints = [models.UniqueConstraint(fields=["corridor", "kind", "ref"], name="one_tag_per_record")]

    def __str__(self) -> str:
        return f"{self.corridor} {self.kind} {self.ref}"


class BilateralStock(models.Model):
    """Migrants born in `origin` living in `destination` in `year`, from a shipped origin-destination table;
    the corridor page shows it for a country-to-country corridor."""

    origin = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    value = models.PositiveBigIntegerField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["origin", "destination", "year"], name="one_stock_per_pair_year")
        ]

    def __str__(self) -> str:
        return f"{self.origin_id}→{self.destination_id} {self.year}: {self.value}"
