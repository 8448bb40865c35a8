"""``eklase-desktop report``: a PDF from the demo school or a profile's cache, no window."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from eklase_desktop.models.cache import is_encrypted, open_cache
from eklase_desktop.models.local import LocalAccount
from eklase_server.auth import hash_password
from tests.pdf import pdf_pages


def report(*args: str, cwd: Path, password: str = "demo") -> subprocess.CompletedProcess[str]:
    """``eklase-desktop report``; a profile's password comes on standard input."""
    return subprocess.run(
        [sys.executable, "-m", "eklase_desktop", "report", *args],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_a_class_summary_from_the_demo_school(tmp_path: Path) -> None:
    out = tmp_path / "7a.pdf"
    done = report(
        "class-summary", "--demo", "--class", "7.a", "--class", "8.a", "--month", "2026-10",
        "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Klases sekmju kopsavilkums" in done.stdout
    text = "\n".join(pdf_pages(out.read_bytes(), tmp_path))
    assert "7.a klase" in text and "8.a klase" in text and "Vidējais" in text


def test_from_a_profiles_cache_and_bad_options(tmp_path: Path, demo_path: Path) -> None:
    """The deputy's laptop (the demo school as its cache); what is wrong is said, and nothing
    is written."""
    (tmp_path / "data" / "profiles").mkdir(parents=True)
    profile = tmp_path / "data" / "profiles" / "vietnieks.sqlite"
    shutil.copyfile(demo_path, profile)
    factory = open_cache(profile, "demo")  # encrypted, as the deputy's sign-in leaves it
    with factory.begin() as session:
        session.add(
            LocalAccount(
                username="vietnieks", password_hash=hash_password("demo"), server_url="http://x"
            )
        )
    factory.kw["bind"].dispose()
    assert is_encrypted(profile)
    mine = ("--data-dir", str(tmp_path / "data"))  # the only profile: no --user needed
    out = tmp_path / "x.pdf"
    wrong = report("statement", *mine, "--class", "7.a", "--out", str(out), cwd=tmp_path,
                   password="nepareiza")  # fmt: skip
    assert wrong.returncode == 2 and "Nepareizs lietotājvārds vai parole" in wrong.stderr
    assert not out.exists()  # a profile is read only with its user's password
    empty = report("statement", *mine, "--class", "7.a", "--out", str(out), cwd=tmp_path,
                   password="")  # fmt: skip
    assert empty.returncode == 2 and "Nav norādīta profila «vietnieks» parole" in empty.stderr
    other = report("statement", *mine, "--user", "nav", "--out", str(out), cwd=tmp_path)
    assert other.returncode == 2 and "Profila «nav» šajā datorā nav (ir: vietnieks)" in other.stderr
    done = report(
        "attendance", *mine, "--class", "8.a", "--student", "Jansons Ņikita", "--out", str(out),
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert "«Jansons Ņikita» atbilst vairākiem ierakstiem" in done.stderr  # two namesakes
    missing = report("statement", *mine, "--class", "13.z", "--out", str(out), cwd=tmp_path)
    assert missing.returncode == 2 and "Klase «13.z» nav atrasta." in missing.stderr
    month = report("statement", *mine, "--month", "2026-13", "--out", str(out), cwd=tmp_path)
    assert month.returncode == 2 and "nav mēnesis" in month.stderr
    nowhere = report(
        "attendance", *mine, "--class", "7.a", "--out", str(tmp_path / "nav" / "x.pdf"),
        cwd=tmp_path,
    )  # fmt: skip
    assert nowhere.returncode == 2 and "nevar saglabāt" in nowhere.stderr
    none = report("statement", "--data-dir", str(tmp_path), "--out", str(out), cwd=tmp_path)
    assert none.returncode == 2 and "profilu nav" in none.stderr
    assert not out.exists()
    done = report(
        "statement", *mine, "--class", "7.a", "--student", "Ābele Ādams", "--month", "2026-10",
        "--out", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (page,) = pdf_pages(out.read_bytes(), tmp_path)
    assert "Ābele Ādams, 7.a klase" in page and "Lapa 1 no 1" in page


def test_help_lists_the_kinds() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eklase_desktop", "report", "--help"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    for kind in ("statement", "report-card", "class-summary", "teacher", "substitutions",
                 "behaviour", "attendance", "achievements"):  # fmt: skip
        assert kind in done.stdout
