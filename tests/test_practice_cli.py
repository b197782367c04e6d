"""`python -m course practice stats` and `export`: the learner's progress from their own record, which they never
create; a corrupt record is reported and kept aside, a newer one refused."""
from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys

import pytest
from fsrs import Rating

from course.__main__ import main
from course.practice import schedule
from course.practice.record import RECORD_ENV, SCHEMA_VERSION, Attempt, Record
from practice_items import START


@pytest.fixture(autouse=True)
def not_grading(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.fixture
def record_file(tmp_path):
    path = tmp_path / "record.sqlite"
    with Record(path) as record:
        for n, (category, correct) in enumerate([("race-condition", True), ("race-condition", False),
                                                 ("quadratic", True)]):
            attempt = Attempt("s", f"shop-{n}", category, False, START, START.replace(second=30), 30.0, 0.9,
                              "found" if correct else "missed", correct, 0, 3 if correct else 1,
                              ((7, 7, category),) if correct else ())
            record.save(attempt, lambda card, n=n: schedule.review(card, f"shop-{n}", Rating.Good, START, 30))
    return path


def test_stats_prints_the_tables(record_file, capsys):
    assert main(["practice", "stats", "--record", str(record_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 answers, 2 right; streak:")
    assert next(l for l in out.splitlines() if l.startswith("race-condition")).split()[:3] == [
        "race-condition", "2", "50%"]


def test_export_writes_csv(record_file, tmp_path, capsys):
    out_file = tmp_path / "answers.csv"
    assert main(["practice", "export", "--record", str(record_file), "--out", str(out_file)]) == 0
    assert "wrote 3 answer(s)" in capsys.readouterr().out
    rows = list(csv.DictReader(out_file.open(encoding="utf-8")))
    assert [r["item_id"] for r in rows] == ["shop-0", "shop-1", "shop-2"] and rows[0]["marks"] == '[[7, 7, "race-condition"]]'
    assert main(["practice", "export", "--record", str(record_file)]) == 0      # to the terminal
    assert len(list(csv.DictReader(io.StringIO(capsys.readouterr().out)))) == 3


def test_no_record_yet_is_said_and_nothing_is_created(tmp_path, capsys):
    missing = tmp_path / "none" / "record.sqlite"
    assert main(["practice", "stats", "--record", str(missing)]) == 0
    assert "No practice record yet" in capsys.readouterr().out and not missing.parent.exists()


def test_a_corrupt_record_is_reported_and_kept(tmp_path, capsys):
    path = tmp_path / "record.sqlite"
    path.write_bytes(b"garbage" * 100)
    assert main(["practice", "stats", "--record", str(path)]) == 0
    captured = capsys.readouterr()
    assert "could not be read" in captured.err and "No practice answers recorded yet" in captured.out
    assert [p.read_bytes() for p in tmp_path.glob("record.sqlite.corrupt-*")] == [b"garbage" * 100]


def test_a_newer_record_is_refused(record_file, capsys):
    with sqlite3.connect(record_file) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    assert main(["practice", "stats", "--record", str(record_file)]) == 2
    assert "newer version of the course" in capsys.readouterr().err


def test_the_command_line_reads_the_record_named_in_the_environment(record_file):
    env = {**os.environ, RECORD_ENV: str(record_file)}
    env.pop("NBGRADER_EXECUTION", None)
    proc = subprocess.run([sys.executable, "-m", "course", "practice", "stats"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("3 answers, 2 right")
