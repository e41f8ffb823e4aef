"""WSGI entry point for gunicorn (`gcmhub serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcmhub.config.settings")
application = get_wsgi_application()
