"""gcmhub suggest_objectives: a text on stdin, or lines of JSON with --jsonl."""

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command


def run(stdin: str, *args: str, monkeypatch: Any) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("suggest_objectives", *args, stdout=out)
    return out.getvalue()


def test_it_prints_all_objectives_with_scores_best_first(db: None, monkeypatch: Any) -> None:
    output = run("Cheaper and faster remittances for migrant families.\n", monkeypatch=monkeypatch)

    ranked = json.loads(output)
    assert ranked[0]["objective"] == 20
    assert sorted(item["objective"] for item in ranked) == list(range(1, 24))
    assert [set(item) for item in ranked[:1]] == [{"objective", "score"}]
    assert ranked[0]["score"] > ranked[1]["score"]


def test_jsonl_prints_one_line_per_text_with_all_objectives(db: None, monkeypatch: Any) -> None:
    lines = [
        {"id": 1, "text": "Search and rescue of migrants in distress at sea."},
        {"id": "b", "text": "Консульство выдаёт паспорта гражданам за рубежом."},  # Russian
    ]
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n\n"

    output = [json.loads(line) for line in run(stdin, "--jsonl", monkeypatch=monkeypatch).splitlines()]

    assert [line["id"] for line in output] == [1, "b"]
    assert [line["objectives"][0] for line in output] == [8, 4]
    assert all(sorted(line["objectives"]) == list(range(1, 24)) for line in output)


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"id": 1, "text": "fees"}\nnot json\n', "Line 2 is not JSON"),
        ('{"text": "fees"}\n', 'Line 1 needs an "id" and a "text" string.'),
        ('{"id": 1, "text": 5}\n', 'Line 1 needs an "id" and a "text" string.'),
        ("[1, 2]\n", 'Line 1 needs an "id" and a "text" string.'),
    ],
)
def test_a_bad_jsonl_line_stops_with_its_number(db: None, monkeypatch: Any, stdin: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(stdin, "--jsonl", monkeypatch=monkeypatch)


def test_no_text_is_an_error(db: None, monkeypatch: Any) -> None:
    with pytest.raises(CommandError, match="standard input"):
        run("  \n", monkeypatch=monkeypatch)


def test_principles_prints_the_ten_guiding_principles_with_scores(db: None, monkeypatch: Any) -> None:
    text = "The best interests of each unaccompanied child guide every decision about them.\n"

    ranked = json.loads(run(text, "--principles", monkeypatch=monkeypatch))

    assert ranked[0]["principle"] == 8
    assert sorted(item["principle"] for item in ranked) == list(range(1, 11))
    assert [set(item) for item in ranked[:1]] == [{"principle", "score"}]


def test_principles_with_jsonl_prints_principles_lines(db: None, monkeypatch: Any) -> None:
    stdin = json.dumps({"id": 7, "text": "The best interests of each unaccompanied child come first."}) + "\n"

    output = [
        json.loads(line)
        for line in run(stdin, "--jsonl", "--principles", monkeypatch=monkeypatch).splitlines()
    ]

    assert [set(line) for line in output] == [{"id", "principles"}]
    assert output[0]["principles"][0] == 8
    assert sorted(output[0]["principles"]) == list(range(1, 11))
