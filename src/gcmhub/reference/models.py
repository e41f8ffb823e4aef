"""Reference data: GCM objectives and guiding principles, regions and countries, organizations,
SDG indicators."""

from typing import Any

from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from gcmhub.reference.catalog import LANGUAGES as UN_LANGUAGES
from gcmhub.reference.labels import label
from gcmhub.reference.text import fold

TRANSLATIONS_HELP = _(
    "Each label in the other UN languages: {field: {language: text}}. English is the field."
)


def translations_field() -> Any:
    """The translations of a record's labels, stored per field and language beside the English field."""
    return models.JSONField(_("translations"), default=dict, blank=True, help_text=TRANSLATIONS_HELP)


class Objective(models.Model):
    """One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.TextField(_("title"))
    short_label = models.CharField(_("short label"), max_length=80)
    translations = translations_field()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_label}"

    @property
    def title_display(self) -> str:
        """The title in the active language."""
        return label(self, "title")

    @property
    def label_display(self) -> str:
        """The short label in the active language."""
        return label(self, "short_label")


class GuidingPrinciple(models.Model):
    """One of the ten cross-cutting and interdependent guiding principles of the GCM (para. 15)."""

    number = models.PositiveSmallIntegerField(unique=True)
    slug = models.SlugField(unique=True)
    title = models.CharField(_("title"), max_length=120)
    translations = translations_field()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.title

    @property
    def title_display(self) -> str:
        return label(self, "title")


class Region(models.Model):
    """An M49 region, sub-region or intermediate region."""

    class Level(models.TextChoices):
        REGION = "region", _("Region")
        SUB_REGION = "sub_region", _("Sub-region")
        INTERMEDIATE = "intermediate", _("Intermediate region")

    m49 = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=120)
    level = models.CharField(max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    translations = translations_field()

    class Meta:
        ordering = ["m49"]

    def __str__(self) -> str:
        return self.name

    @property
    def name_display(self) -> str:
        return label(self, "name")


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
    is_independent = models.BooleanField(_("independent State"), default=False)
    is_un_member_state = models.BooleanField(_("UN Member State"), default=False)
    # Folded names in every language and the codes, so one look-up finds a country by any of them.
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name_en

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.compute_search_text()
        super().save(*args, **kwargs)

    def name_in(self, language: str) -> str:
        """The name in a UN language (Django language code), falling back to English."""
        code = language.split("-")[0]
        return str(getattr(self, f"name_{code}", "") or self.name_en)

    @property
    def name_display(self) -> str:
        """The name in the active language."""
        return self.name_in(get_language() or "en")

    @property
    def names(self) -> dict[str, str]:
        """The name in each of the six UN languages ("" where the source has none)."""
        return {code: str(getattr(self, f"name_{code}")) for code in UN_LANGUAGES}

    def compute_search_text(self) -> str:
        parts = [self.iso3, self.iso2, *self.names.values()]
        return "\n".join(fold(part) for part in parts if part)


def government_name(country_name: str) -> str:
    """The stored (English) name of a country's government organization."""
    return f"Government of {country_name}"


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
    joined_executive_committee = models.PositiveSmallIntegerField(
        _("joined the Executive Committee (year)"), null=True, blank=True
    )
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT)
    url = models.URLField(blank=True)
    notes = models.TextField(blank=True)
    translations = translations_field()

    class Meta:
        ordering = ["acronym"]

    def __str__(self) -> str:
        return self.acronym

    @property
    def name_display(self) -> str:
        """The name in the active language; a government is named after its country in that language."""
        if self.kind == self.Kind.GOVERNMENT:
            country = self.country if self.country_id is not None else None
            if country is not None and self.name == government_name(country.name_en):
                return gettext("Government of %(country)s") % {"country": country.name_display}
            return self.name
        # Others keep their own name, as entered, in every language.
        return label(self, "name") if self.kind == self.Kind.UN_ENTITY else self.name

    @property
    def notes_display(self) -> str:
        return label(self, "notes") if self.notes else ""


class MembershipGroup(models.Model):
    """A group the work plan names as members of a result ("Network members", "CSOs", "NHRIs", ...)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    # Lower-case phrases that, found in a membership line, mean this group.
    aliases = models.JSONField(default=list)
    translations = translations_field()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name_display(self) -> str:
        return label(self, "name")


class ThematicArea(models.Model):
    """One of the thematic areas of the Network's multi-annual work plan: the one list every app names."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=250)
    translations = translations_field()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title_display(self) -> str:
        return label(self, "title")

    @property
    def heading_display(self) -> str:
        """The number and the title in the reader's language, as choices and lists show an area."""
        return f"{self.number}. {self.title_display}"


class SDGIndicator(models.Model):
    """A Sustainable Development Goal indicator relevant to migration."""

    code = models.CharField(max_length=12, unique=True)
    target = models.CharField(max_length=8)
    title = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)  # "10.7.1" sorts before "8.8.1" as text
    translations = translations_field()

    class Meta:
        ordering = ["position"]
        verbose_name = "SDG indicator"

    def __str__(self) -> str:
        return self.code

    @property
    def title_display(self) -> str:
        return label(self, "title")
