"""Reference data: GCM objectives and guiding principles, regions and countries, organizations, SDG indicators."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Objective(models.Model):
    """One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.TextField(_("title"))
    short_label = models.CharField(_("short label"), max_length=80)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_label}"


class GuidingPrinciple(models.Model):
    """One of the ten cross-cutting and interdependent guiding principles of the GCM (para. 15)."""

    number = models.PositiveSmallIntegerField(unique=True)
    slug = models.SlugField(unique=True)
    title = models.CharField(_("title"), max_length=120)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.title


class Region(models.Model):
    """An M49 region, sub-region or intermediate region."""

    class Level(models.TextChoices):
        REGION = "region", _("Region")
        SUB_REGION = "sub_region", _("Sub-region")
        INTERMEDIATE = "intermediate", _("Intermediate region")

    m49 = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=120)
    level = models.CharField(max_length=20, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["m49"]

    def __str__(self) -> str:
        return self.name


class Country(models.Model):
    """A country or territory with its ISO and M49 codes and its names in the six UN languages."""

    iso3 = models.CharField(max_length=3, unique=True)
    iso2 = models.CharField(max_length=2, blank=True)
    m49 = models.CharField(max_length=3, blank=True)
    name_en = models.CharField(max_length=120)
    name_fr = models.CharField(max_length=120, blank=True)
    name_es = models.CharField(max_length=120, blank=True)
    name_ru = models.CharField(max_length=120, blank=True)
    name_zh = models.CharField(max_length=120, blank=True)
    name_ar = models.CharField(max_length=120, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sub_region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    intermediate_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name_en

    def name_in(self, language: str) -> str:
        """The name in a UN language (Django language code), falling back to English."""
        code = language.split("-")[0]
        return str(getattr(self, f"name_{code}", "") or self.name_en)


class Organization(models.Model):
    """A UN entity, government, civil-society organization or other body that takes part in the work."""

    class Kind(models.TextChoices):
        UN_ENTITY = "un_entity", _("UN entity")
        GOVERNMENT = "government", _("Government")
        CSO = "cso", _("Civil society organization")
        NHRI = "nhri", _("National human rights institution")
        ACADEMIA = "academia", _("Academia")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        MIGRANT_ASSOCIATION = "migrant_association", _("Migrant or diaspora association")
        REGIONAL_BODY = "regional_body", _("Regional body")
        OTHER = "other", _("Other")

    acronym = models.CharField(max_length=30, unique=True)
    name = models.CharField(max_length=250)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    is_network_member = models.BooleanField(default=False)
    is_executive_committee = models.BooleanField(default=False)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["acronym"]

    def __str__(self) -> str:
        return self.acronym


class MembershipGroup(models.Model):
    """A group the work plan names as members of a result ("Network members", "CSOs", "NHRIs", ...)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    # Lower-case phrases that, found in a membership line, mean this group.
    aliases = models.JSONField(default=list)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SDGIndicator(models.Model):
    """A Sustainable Development Goal indicator relevant to migration."""

    code = models.CharField(max_length=12, unique=True)
    target = models.CharField(max_length=8)
    title = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)  # "10.7.1" sorts before "8.8.1" as text

    class Meta:
        ordering = ["position"]
        verbose_name = "SDG indicator"

    def __str__(self) -> str:
        return self.code
