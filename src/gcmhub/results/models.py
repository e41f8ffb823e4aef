"""Results frameworks: one structure (outcome → output → indicator) for the fund, each joint programme and the
work plan's expected results; indicators with baselines and targets; reported values and their approval."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gcmhub.core.models import TimeStampedModel
from gcmhub.reference.models import Organization, SDGIndicator


class Framework(TimeStampedModel):
    """A results framework: the fund's, a joint programme's, or the work plan's."""

    class Kind(models.TextChoices):
        FUND = "fund", _("Trust fund")
        PROGRAMME = "programme", _("Joint programme")
        WORKPLAN = "workplan", _("Work plan")

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_public = models.BooleanField(_("public"), default=False)
    # Progress at or above on_track is "on track", at or above at_risk "at risk", below it "off track".
    on_track_threshold = models.DecimalField(
        _("on-track threshold"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.900"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    at_risk_threshold = models.DecimalField(
        _("at-risk threshold"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.600"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    # Focal points of these organizations report values (for a programme: its participating organizations).
    reporting_organizations = models.ManyToManyField(
        Organization, blank=True, related_name="results_frameworks"
    )

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(at_risk_threshold__lte=models.F("on_track_threshold")),
                name="results_thresholds_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class Result(models.Model):
    """An outcome, or an output under an outcome."""

    class Level(models.TextChoices):
        OUTCOME = "outcome", _("Outcome")
        OUTPUT = "output", _("Output")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="results")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)
    # A programme's result may contribute to one of the fund's.
    contributes_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    # The work plan expected result this outcome tracks, by its stable key ("cc.1", "ta3.2").
    workplan_key = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["framework", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_result_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"


class Dimension(models.Model):
    """A disaggregation dimension (sex, age group, migratory status, nationality, disability …)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    # Nationality and the like: categories are ISO 3166 alpha-3 codes of reference countries.
    uses_countries = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="categories")
    slug = models.SlugField()
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dimension", "position", "slug"]
        verbose_name_plural = "categories"
        constraints = [models.UniqueConstraint(fields=["dimension", "slug"], name="unique_category_slug")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    class ValueType(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENTAGE = "percentage", _("Percentage")
        RATIO = "ratio", _("Ratio")
        YES_NO = "yes_no", _("Yes/no")
        QUALITATIVE = "qualitative", _("Qualitative")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Frequency(models.TextChoices):
        ANNUAL = "annual", _("Annual")
        SEMIANNUAL = "semiannual", _("Every six months")
        QUARTERLY = "quarterly", _("Quarterly")
        MONTHLY = "monthly", _("Monthly")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        AVERAGE = "average", _("Average")
        LATEST = "latest", _("Latest value")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=30)
    title = models.TextField(_("title"))
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    value_type = models.CharField(_("type"), max_length=20, choices=ValueType.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_value = models.DecimalField(
        _("baseline"), null=True, blank=True, max_digits=20, decimal_places=4
    )
    baseline_numerator = models.DecimalField(null=True, blank=True, max_digits=20, decimal_places=4)
    baseline_denominator = models.DecimalField(null=True, blank=True, max_digits=20, decimal_places=4)
    baseline_text = models.TextField(blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    dimensions = models.ManyToManyField(Dimension, blank=True, related_name="indicators")
    means_of_verification = models.TextField(_("means of verification"), blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    sdg_indicator = models.ForeignKey(
        SDGIndicator, null=True, blank=True, on_delete=models.PROTECT, related_name="results_indicators"
    )
    # A programme indicator adds its approved values to a fund indicator of the same type.
    contributes_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["result", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"


class Target(models.Model):
    """The milestone for one reporting period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(null=True, blank=True, max_digits=20, decimal_places=4)
    numerator = models.DecimalField(null=True, blank=True, max_digits=20, decimal_places=4)
    denominator = models.DecimalField(null=True, blank=True, max_digits=20, decimal_places=4)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="unique_target_period")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Report(TimeStampedModel):
    """The values of one indicator for one period (total and disaggregated), and their approval."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    comment = models.TextField(_("comment"), blank=True)
    evidence_url = models.URLField(_("evidence (link)"), blank=True, max_length=500)
    evidence = models.TextField(_("evidence"), blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="unique_report_period")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} ({self.status})"

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ReportedValue(models.Model):
    """One figure of a report: the total (empty disaggregation) or one disaggregated cell."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    # {"sex": "female", "age-group": "18-24"}; {} is the total.
    disaggregation = models.JSONField(default=dict, blank=True)
    # The disaggregation as "age-group=18-24;sex=female" (sorted), so each cell is stored once.
    disaggregation_key = models.CharField(max_length=255, blank=True)
    value = models.DecimalField(null=True, blank=True, max_digits=20, decimal_places=4)
    numerator = models.DecimalField(null=True, blank=True, max_digits=20, decimal_places=4)
    denominator = models.DecimalField(null=True, blank=True, max_digits=20, decimal_places=4)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "disaggregation_key"]
        constraints = [
            models.UniqueConstraint(fields=["report", "disaggregation_key"], name="unique_reported_cell")
        ]

    def __str__(self) -> str:
        return f"{self.report} [{self.disaggregation_key or 'total'}]"
