"""The shape of a parsed work plan (`as_dict`, compared with stored versions) and its structure hash (stored
with each version, so its canonical form must not drift). Found by mutation testing (docs/testing.md). Pure:
no database."""

import hashlib

from gcmhub.workplan.importer.structure import (
    THEMATIC_AREA,
    GroupRef,
    Membership,
    ParsedActivity,
    ParsedPlan,
    ParsedResult,
    ParsedSection,
    Timeframe,
)


def plan_with_every_field() -> ParsedPlan:
    membership = Membership(
        text="UN, IOM; chairs",
        organizations=["UN", "IOM"],
        # Names and slugs sort differently: the shape lists names, the hash slugs.
        groups=[GroupRef("zz-chairs", "Chairs"), GroupRef("aa-members", "Members")],
        tbd=True,
        tors=True,
    )
    result = ParsedResult(
        number=2,
        title="Données",
        line=5,
        output="An output",
        activities=[ParsedActivity(number=1, text="Meet", line=7)],
        timeframe=Timeframe(text="1-2 years", min_months=12, max_months=24),
        membership=membership,
    )
    section = ParsedSection(
        kind=THEMATIC_AREA, number=3, title="Area", line=1, objectives=[7, 1], results=[result]
    )
    return ParsedPlan(title="Plan", sections=[section])


def test_a_parsed_plan_has_the_shape_of_a_stored_version() -> None:
    assert plan_with_every_field().as_dict() == {
        "title": "Plan",
        "sections": [
            {
                "kind": "thematic_area",
                "number": 3,
                "title": "Area",
                "objectives": [1, 7],
                "results": [
                    {
                        "number": 2,
                        "title": "Données",
                        "output": "An output",
                        "activities": [{"number": 1, "text": "Meet"}],
                        "timeframe": {
                            "text": "1-2 years",
                            "min_months": 12,
                            "max_months": 24,
                            "recurrence_months": None,
                            "open_ended": False,
                        },
                        "membership": {
                            "text": "UN, IOM; chairs",
                            "organizations": ["IOM", "UN"],
                            "groups": ["Chairs", "Members"],
                            "tbd": True,
                        },
                    }
                ],
            }
        ],
    }


# Keys sorted, no spaces, text as written (not \\u escapes), group slugs, and the ToRs flag.
CANONICAL = (
    '{"sections":[{"kind":"thematic_area","number":3,"objectives":[1,7],"results":[{"activities":'
    '[{"number":1,"text":"Meet"}],"membership":{"groups":["aa-members","zz-chairs"],"organizations":'
    '["IOM","UN"],"tbd":true,"text":"UN, IOM; chairs","tors":true},"number":2,"output":"An output",'
    '"timeframe":{"max_months":24,"min_months":12,"open_ended":false,"recurrence_months":null,'
    '"text":"1-2 years"},"title":"Données"}],"title":"Area"}],"title":"Plan"}'
)


def test_the_structure_hash_is_that_of_the_canonical_json() -> None:
    expected = hashlib.sha256(CANONICAL.encode("utf-8")).hexdigest()
    assert plan_with_every_field().structure_sha256() == expected


def test_the_structure_hash_takes_a_lone_surrogate() -> None:
    canonical = '{"sections":[],"title":"A\ud800"}'
    expected = hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
    assert ParsedPlan(title="A\ud800").structure_sha256() == expected
