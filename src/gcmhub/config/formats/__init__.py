"""Number formats where Django's own locale files show no thousands grouping (FORMAT_MODULE_PATH; everything
else, dates included, still comes from Django). The values are Unicode CLDR's, as ICU applies them."""
