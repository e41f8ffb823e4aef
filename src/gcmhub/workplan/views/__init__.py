"""Work plan pages. Views hold no business rules: they call queries and actions."""

from gcmhub.workplan.views.activity import activity, activity_history, activity_progress, activity_update
from gcmhub.workplan.views.downloads import current_download, version_download_view
from gcmhub.workplan.views.plan import coverage, home, objective, overview, result, result_history
from gcmhub.workplan.views.timeline import timeline
from gcmhub.workplan.views.versions import import_plan, version_detail, version_diff, versions

__all__ = [
    "activity",
    "activity_history",
    "activity_progress",
    "activity_update",
    "coverage",
    "current_download",
    "home",
    "import_plan",
    "objective",
    "overview",
    "result",
    "result_history",
    "timeline",
    "version_detail",
    "version_diff",
    "version_download_view",
    "versions",
]
