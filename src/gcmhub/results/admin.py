"""Disaggregation dimensions are configured by the secretariat in the admin (changes are audited)."""

from django.contrib import admin

from gcmhub.results.models import Category, Dimension


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 1


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "position", "uses_countries", "is_active"]
    inlines = [CategoryInline]
