"""The fund's thematic areas are its own rows, linked to the work plan's thematic areas by number (not by
section id), so a re-imported plan does not break them."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from gcmhub.fund import actions as fund_actions
from gcmhub.fund.actions.ledger import workplan_thematic_areas
from gcmhub.fund.models import Fund, ThematicArea


def test_fund_thematic_areas_follow_the_plan_by_number(fund: Fund) -> None:
    areas = list(ThematicArea.objects.filter(fund=fund).order_by("number"))
    assert [a.number for a in areas] == [1, 2, 3, 4, 5]
    assert areas[0].title.startswith("Promoting fact-based and data-driven migration discourse")
    assert sorted(o.number for o in areas[0].objectives.all()) == [1, 3, 17, 23]
    ThematicArea.objects.filter(fund=fund, number=5).delete()
    assert fund_actions.sync_thematic_areas(actor=None, code=fund.code) == 1
    assert fund_actions.sync_thematic_areas(actor=None, code=fund.code) == 0


def test_a_reimported_plan_keeps_the_link(fund: Fund, tmp_path: Path) -> None:
    text = settings.GCMHUB_WORKPLAN_FILE.read_text(encoding="utf-8")
    changed = tmp_path / "plan.txt"
    changed.write_text(
        text.replace("Improving the social inclusion", "Improving the inclusion"), encoding="utf-8"
    )
    call_command("import_workplan", str(changed), verbosity=0)
    (fifth,) = [s for s in workplan_thematic_areas() if s.number == 5]
    assert fifth.title.startswith("Improving the inclusion")
    area = ThematicArea.objects.get(fund=fund, number=5)
    assert area.title.startswith("Improving the social inclusion")
    assert area.workplan_section() == fifth and area.workplan_section().version.is_current
    assert fund.programmes.count() == 0 and fund.thematic_areas.count() == 5
