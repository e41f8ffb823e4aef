"""Arabic numbers as CLDR writes them with Western digits (1,234,567.50); Django's file groups nothing."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
