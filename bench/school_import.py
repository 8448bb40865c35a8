"""Benchmark of the school import (issue 14, SPEC C1): the example workbooks of docs/examples
imported on an empty laptop cache (read, plan, store and queue every change), then again
(nothing to change). Prints JSON with a raw baseline timed in the same run (a fixed amount
of hashing and SQLite inserts): this machine's speed swings, the ratio to the baseline does
not. Run: ``.venv/bin/python -m bench.school_import``."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from eklase_desktop.domain import clock
from eklase_desktop.models import School, Staff
from eklase_desktop.models.cache import open_cache
from eklase_desktop.services.actor import load_actor
from eklase_desktop.services.school_import import SchoolImport

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
RUNS = 3


def baseline() -> float:
    """Seconds of fixed work: 20 MB hashed and 20,000 rows inserted into SQLite."""
    start = time.perf_counter()
    block = b"e-klase" * 150_000
    for _ in range(20):
        hashlib.sha256(block).digest()
    db = sqlite3.connect(":memory:")
    db.execute("create table t (a integer, b text)")
    db.executemany("insert into t values (?, ?)", ((i, str(i)) for i in range(20_000)))
    db.commit()
    return time.perf_counter() - start


def one_run(workbook: Path, folder: Path) -> tuple[float, float, int]:
    factory = open_cache(folder / f"{workbook.stem}-{time.perf_counter_ns()}.sqlite")
    with factory.begin() as session:
        school = School(name="Bench")
        session.add(school)
        session.flush()
        session.add(Staff(school_id=school.id, first_name="Vita", last_name="Vietniece",
                          username="vietnieks", roles="deputy"))  # fmt: skip
    importer = SchoolImport(factory, load_actor(factory, "vietnieks"))
    start = time.perf_counter()
    changes = importer.run(importer.read(workbook)).changes
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = importer.run(importer.read(workbook)).changes
    second = time.perf_counter() - start
    assert again == 0
    return first, second, changes


def main() -> None:
    clock.set_clock(clock.parse_moment("2026-08-24"))
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for name in ("muzikas-skola.xlsx", "vidusskola.xlsx"):
            runs = [one_run(EXAMPLES / name, Path(folder)) for _ in range(RUNS)]
            base = statistics.median(baseline() for _ in range(RUNS))
            first = statistics.median(run[0] for run in runs)
            second = statistics.median(run[1] for run in runs)
            results[name] = {
                "changes": runs[0][2],
                "import_s": round(first, 2),
                "again_s": round(second, 2),
                "baseline_s": round(base, 3),
                "import_per_baseline": round(first / base, 1),
            }
    json.dump({"python": sys.version.split()[0], "results": results}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
