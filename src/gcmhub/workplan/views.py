"""Work plan pages. Views hold no business rules: they call queries and actions."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gcmhub.workplan import queries


def home(request: HttpRequest) -> HttpResponse:
    version = queries.current_version()
    return render(request, "workplan/home.html", {"version": version})
