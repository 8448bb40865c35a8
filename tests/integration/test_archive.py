"""The school year's archive (issue 17, SPEC V7): ``eklase-server archive YEAR --out DIR``
writes one ZIP per school; its figures are the database's, counted here independently; it
opens with ordinary tools (``zipfile``, ``sha256sum -c``); ``archive verify`` proves it whole,
and names the file when one byte of it is changed, a file is altered or one is added."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from pathlib import Path

from sqlalchemy import func, select

from eklase_desktop.models import SYNCED_TABLES, Course, Lesson, Mark, School, SchoolYear
from tests.integration.laptops import database
from tests.integration.test_first_day import server_command

MUSIC = "Rīgas Demonstrācijas mūzikas vidusskola"
ZIP = "eklase-arhivs-rigas-demonstracijas-muzikas-vidusskola-2026-2027.zip"


def _marks_of_the_year(url: str) -> tuple[int, set[str]]:
    """The music school's marks of 2026./2027. and its lessons' topics, from the database."""
    with database(url) as session:
        year = session.scalars(
            select(SchoolYear)
            .join(School, School.id == SchoolYear.school_id)
            .where(SchoolYear.name == "2026./2027.", School.name == MUSIC)
        ).one()
        courses = select(Course.id).where(Course.school_year_id == year.id)
        lessons = select(Lesson.id).where(Lesson.course_id.in_(courses))
        marks = session.scalar(select(func.count()).where(Mark.lesson_id.in_(lessons)))
        topics = set(session.scalars(select(Lesson.topic).where(Lesson.course_id.in_(courses))))
    return int(marks or 0), topics


def _flip_a_byte_of(path: Path, member: str) -> None:
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = bytearray(path.read_bytes())
    # the member's data follows its local header (30 bytes, its name and its extra field)
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    data[start + info.compress_size // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _rewritten(path: Path, target: Path, change: dict[str, bytes]) -> None:
    """A copy of the archive, a valid ZIP, with the members in ``change`` replaced or added."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for name in source.namelist():
            copy.writestr(name, change.pop(name, source.read(name)))
        for name, data in change.items():
            copy.writestr(name, data)


def test_a_year_archived_opened_with_ordinary_tools_and_verified(
    database_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "arhivs"
    done = server_command(database_url, "archive", "2026", "--school", MUSIC, "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert [path.name for path in out.glob("*.zip")] == [ZIP]  # that school's only
    archive = out / ZIP
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner's only

    # its figures are the database's
    marks, topics = _marks_of_the_year(database_url)
    with zipfile.ZipFile(archive) as opened:
        rows = json.loads(opened.read("data/mark.json"))
        table = list(csv.DictReader(io.StringIO(opened.read("data/mark.csv").decode("utf-8-sig"))))
        lessons = json.loads(opened.read("data/lesson.json"))
        manifest = json.loads(opened.read("manifest.json"))
        readme = opened.read("README.txt").decode()
        audit = json.loads(opened.read("audit/audit_entry.json"))
        readable = list(
            csv.DictReader(io.StringIO(opened.read("lasams/zurnals.csv").decode("utf-8-sig")))
        )
        opened.extractall(tmp_path / "atvērts")
    assert marks > 100 and len(rows) == len(table) == marks
    # the same marks with names, no ids: a spreadsheet reads them years later
    assert sum(bool(line["vērtējums"]) for line in readable) == marks
    first = readable[0]
    assert first["skolēns"] and first["skolotājs"] and first["klase"] and first["datums"]
    assert not any("-" in line["skolēns"] and len(line["skolēns"]) == 36 for line in readable)
    assert {lesson["topic"] for lesson in lessons} == topics
    listed = {item["path"] for item in manifest["files"]}
    pdfs = sorted(path for path in listed if path.endswith(".pdf"))
    # every table and the audit log, each as JSON and as CSV, the two readable CSVs, the README
    files = 2 * (len(SYNCED_TABLES) + 1) + 2 + 1
    assert manifest["school_year"] == "2026./2027." and len(listed) == files + len(pdfs)
    assert "pdf/1-grupa/kopsavilkuma-zurnals.pdf" in pdfs and "pdf/1-grupa/liecibas.pdf" in pdfs
    assert sum(path.startswith("pdf/skolotaji/") for path in pdfs) == len(courses_of(lessons))
    assert MUSIC in readme and "vērtējumi stundās" in readme
    assert isinstance(audit, list)
    # ordinary tools: the checksums file checks with sha256sum
    checked = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"],
        cwd=tmp_path / "atvērts",
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0 and checked.stdout.count(": OK") == len(listed), checked.stdout
    summary = subprocess.run(
        [
            "pdftotext",
            "-layout",
            str(tmp_path / "atvērts/pdf/1-grupa/kopsavilkuma-zurnals.pdf"),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Mācību sasniegumu kopsavilkuma žurnāls" in summary and "1. grupa" in summary

    whole = server_command(database_url, "archive", "verify", str(archive))
    assert whole.returncode == 0 and "whole" in whole.stdout, whole.stdout

    # one byte of one file changed: the file is named
    broken = tmp_path / "broken.zip"
    broken.write_bytes(archive.read_bytes())
    _flip_a_byte_of(broken, "data/mark.csv")
    failed = server_command(database_url, "archive", "verify", str(broken))
    assert failed.returncode == 1 and "data/mark.csv" in failed.stdout, failed.stdout
    assert "data/lesson.csv" not in failed.stdout

    # a file altered (the ZIP itself whole), and a file added
    altered = tmp_path / "altered.zip"
    _rewritten(archive, altered, {"data/lesson.json": b"[]", "extra.txt": b"x"})
    failed = server_command(database_url, "archive", "verify", str(altered))
    assert failed.returncode == 1, failed.stdout
    assert "data/lesson.json: changed" in failed.stdout
    assert "extra.txt: not in the manifest" in failed.stdout

    none = server_command(database_url, "archive", "1999", "--out", str(out))
    assert none.returncode == 1 and "no school year" in none.stdout


def courses_of(lessons: list[dict[str, object]]) -> set[object]:
    return {lesson["course_id"] for lesson in lessons}
