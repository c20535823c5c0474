"""The Indonesian catalogues are complete and in step with the source strings."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
APPS = ["portal", "home", "innovations", "judging"]


def catalogue(app, language="id"):
    path = ROOT / app / "locale" / language / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return None
    with open(path, "rb") as handle:
        return read_po(handle)


def untranslated(catalog):
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    return missing


def message_ids(catalog):
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.mark.parametrize("app", APPS)
def test_indonesian_catalogue_is_complete(app):
    catalog = catalogue(app)
    if catalog is None:
        pytest.skip(f"{app} has no translatable strings yet")

    assert not catalog.fuzzy, "the catalogue header is marked fuzzy: Babel would skip it"
    assert untranslated(catalog) == []


@pytest.mark.parametrize("app", APPS)
def test_catalogue_is_in_step_with_the_source(app, tmp_path):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is required in CI: apt-get install gettext")
        pytest.skip("GNU gettext is not installed here; CI checks this")
    committed = catalogue(app)
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()  # else makemessages writes into LOCALE_PATHS
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.test", PYTHONPATH=str(ROOT))

    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "--locale", "id"],
        cwd=copy, env=env, check=True, capture_output=True, timeout=120,
    )

    fresh_path = copy / "locale" / "id" / "LC_MESSAGES" / "django.po"
    fresh_ids = set()
    if fresh_path.exists():
        with open(fresh_path, "rb") as handle:
            fresh_ids = message_ids(read_po(handle))
    committed_ids = message_ids(committed) if committed is not None else set()
    assert fresh_ids - committed_ids == set(), "run `make makemessages` and translate"
