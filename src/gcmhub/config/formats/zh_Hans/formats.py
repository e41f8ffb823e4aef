"""Simplified Chinese numbers as CLDR writes them (1,234,567.50); Django's file has no group separator."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
