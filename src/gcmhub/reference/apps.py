from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "gcmhub.reference"
    label = "reference"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from gcmhub.reference import models

        for model in (
            models.Objective,
            models.GuidingPrinciple,
            models.Region,
            models.MembershipGroup,
            models.SDGIndicator,
            models.ThematicArea,
            models.Organization,
        ):
            auditlog.register(model)
        auditlog.register(models.Country, exclude_fields=["search_text"])

        from gcmhub.reference.search_names import country_names
        from gcmhub.search.registry import register_names

        register_names(country_names)
