"""The disaggregation dimensions a fresh installation starts with; the secretariat can add more."""

from typing import Any

DEFAULT_DIMENSIONS: list[dict[str, Any]] = [
    {
        "slug": "sex",
        "name": "Sex",
        "categories": [("female", "Female"), ("male", "Male"), ("other", "Other or not stated")],
    },
    {
        "slug": "age-group",
        "name": "Age group",
        "categories": [
            ("0-17", "0 to 17"),
            ("18-24", "18 to 24"),
            ("25-59", "25 to 59"),
            ("60-plus", "60 and over"),
        ],
    },
    {
        "slug": "migratory-status",
        "name": "Migratory status",
        "categories": [
            ("regular", "Migrant in a regular situation"),
            ("irregular", "Migrant in an irregular situation"),
            ("refugee-asylum", "Refugee or asylum-seeker"),
            ("idp", "Internally displaced person"),
            ("returnee", "Returnee"),
            ("host", "Host community member"),
        ],
    },
    {"slug": "nationality", "name": "Nationality", "uses_countries": True, "categories": []},
    {
        "slug": "disability",
        "name": "Disability",
        "categories": [("with", "With a disability"), ("without", "Without a disability")],
    },
]


def ensure_default_dimensions(dimension_model: Any, category_model: Any) -> int:
    """Create the default dimensions and categories that are missing; returns how many rows were created.
    Takes the model classes so the data migration can pass its historical models."""
    created = 0
    for position, spec in enumerate(DEFAULT_DIMENSIONS):
        dimension, made = dimension_model.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "position": position,
                "uses_countries": spec.get("uses_countries", False),
            },
        )
        created += int(made)
        for cat_position, (slug, name) in enumerate(spec["categories"]):
            _category, made = category_model.objects.get_or_create(
                dimension=dimension, slug=slug, defaults={"name": name, "position": cat_position}
            )
            created += int(made)
    return created
