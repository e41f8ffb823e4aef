"""The six UN languages stay complete: every string the code marks for translation is translated in ar, es,
fr, ru and zh, with the same placeholders, and nothing is left fuzzy."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "gcmhub"
LOCALE = PACKAGE / "locale"
LANGUAGES = ["ar", "es", "fr", "ru", "zh_Hans"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language: str) -> None:
    po = catalogue(language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language: str) -> None:
    for entry in catalogue(language).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            forms = entry.msgstr_plural.values()
            # Some languages (zh) have a single plural form that may drop a count placeholder.
            assert all(
                set(PLACEHOLDER.findall(f)) <= set(PLACEHOLDER.findall(entry.msgid_plural)) | set(expected)
                for f in forms
            ), entry.msgid
        else:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == expected, (language, entry.msgid)


def test_catalogues_cover_every_marked_string(tmp_path: Path) -> None:
    """Extract the strings from a copy of the code and check each catalogue has them all."""
    copy = tmp_path / "gcmhub"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--no-location", "--no-obsolete", "-l", "fr"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "gcmhub.config.settings",
            "PATH": "/usr/bin:/bin",
            "GCMHUB_DATA_DIR": str(tmp_path / "var"),
        },
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))}
    for language in LANGUAGES:
        missing = extracted - {e.msgid for e in catalogue(language) if not e.obsolete}
        assert not missing, (
            f"{language} lacks {len(missing)} strings; run `make makemessages`: {sorted(missing)[:5]}"
        )
