from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gcmhub.accounts"
    label = "accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model

        from gcmhub.accounts.models import ApiToken, Invitation, Membership

        auditlog.register(Membership)
        auditlog.register(Invitation, exclude_fields=["token_hash"])
        auditlog.register(ApiToken, exclude_fields=["token_hash", "last_used_at"])
        auditlog.register(get_user_model(), exclude_fields=["password", "last_login"])
