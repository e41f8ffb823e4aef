"""Admin pages for organization memberships and API tokens. Changes are audited by django-auditlog
(the models are registered in AccountsConfig.ready; the middleware records the signed-in admin)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gcmhub.accounts.models import ApiToken, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organization", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization__kind"]
    search_fields = ["user__username", "user__email", "organization__acronym", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]
    ordering = ["organization__acronym", "user__username"]


@admin.action(description=_("Revoke the selected tokens"))
def revoke_tokens(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: Any) -> None:
    # Saved one by one so that each revocation gets its own audit row.
    for token in queryset.filter(revoked_at__isnull=True):
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created on the tokens page or with `gcmhub create_api_token`, where the raw value is shown
    once; here they can only be inspected and revoked."""

    list_display = ["name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    fields = ["user", "name", "token_hash", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "token_hash", "created_at", "last_used_at"]
    actions = [revoke_tokens]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserWithMembershipsAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipInline]
