"""The command line, end to end: analyze, ingest (bad inputs, idempotency, kill -9), export,
show, incidents and demo."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.errors import UsageError
from newsledger.schemas import validation_errors

runner = CliRunner()


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def analyze_in_new_process(path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``newsledger analyze PATH --format json`` in a process of its own, with ``env`` added
    to the environment: settings read once when the pipeline is built (the labels model, the
    cue gate) reach it only there, since this process caches its pipeline."""
    cli = Path(sys.executable).parent / "newsledger"
    return subprocess.run(
        [str(cli), "analyze", str(path), "--format", "json"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


def first_analysis(done: subprocess.CompletedProcess[str]) -> dict:
    """The first analysis a successful ``analyze --format json`` printed."""
    done.check_returncode()
    data = json.loads(done.stdout)
    return data[0] if isinstance(data, list) else data


def write_bad_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "good-one.txt").write_text(
        "Officers shot a man in Tulsa\n\nTULSA, Okla. — Police shot a man on Monday, "
        "Chief Ana Pruitt said.\n"
    )
    (folder / "good-two.html").write_text(
        "<html><head><title>Deputies use Taser</title></head><body><article><p>Deputies in "
        "Polk County used a Taser on a man on Sunday, the sheriff's office said. He was "
        "arrested and treated for minor injuries at the scene.</p></article></body></html>"
    )
    (folder / "latin1.txt").write_text(
        "Le préfet a parlé aux agents à Lafayette.", encoding="latin-1"
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 64)
    (folder / "broken.html").write_text("<html><body><div><style>p{}</style></div")
    (folder / "feed.jsonl").write_text(
        '{"id": "j1", "text": "Agents detained two people in El Paso.", "published": "2026-01-07"}\n'
        "{not json at all\n"
    )
    (folder / "huge.txt").write_text("word " * 4_200_000)  # 21 MB


def test_analyze_prints_a_schema_valid_analysis(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Troopers stopped a car near Salem on Friday, Capt. Lee Moss said.\n")
    code, out, _ = run("analyze", str(path), "--published", "2026-01-09", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert validation_errors(data) == []
    assert data["article"]["id"] == "story"
    assert data["article"]["published_at"] == "2026-01-09"


def test_analyze_jsonl_from_stdin_and_bad_published() -> None:
    code, out, _ = run(
        "analyze",
        "-",
        "-f",
        "jsonl",
        input='{"id": "a", "text": }\n{"id": "b", "text": "Police said so."}\n',
    )
    assert code == 3  # the first line was skipped
    assert [json.loads(line)["article"]["id"] for line in out.splitlines()] == ["b"]
    with pytest.raises(UsageError, match="--published"):
        run("analyze", "-", "--published", "someday", input="x")


def test_ingest_bad_inputs_stores_the_good_and_records_the_bad(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_bad_folder(folder)
    db = tmp_path / "ledger.db"
    code, _, errout = run("ingest", str(folder), "--db", str(db), "--published", "2026-01-09")
    assert code == 3
    for reason in ("empty", "binary", "no_text", "bad_json", "too_large"):
        assert f"[{reason}]" in errout
    con = sqlite3.connect(db)
    ids = sorted(r[0] for r in con.execute("select id from articles"))
    assert ids == ["good-one", "good-two", "j1", "latin1"]
    skipped = sorted(r[0] for r in con.execute("select code from skipped_inputs"))
    assert skipped == ["bad_json", "binary", "empty", "no_text", "too_large"]
    latin = con.execute("select text from articles where id='latin1'").fetchone()[0]
    assert "préfet" in latin
    dated = dict(con.execute("select id, published_at from articles"))
    assert dated["j1"] == "2026-01-07" and dated["good-one"] == "2026-01-09"
    before = {
        t: con.execute(f"select count(*) from {t}").fetchone()[0]
        for t in ("articles", "sentences", "mentions", "skipped_inputs", "revisions")
    }
    con.close()
    code, _, _ = run("ingest", str(folder), "--db", str(db), "--published", "2026-01-09")
    assert code == 3
    con = sqlite3.connect(db)
    after = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in before}
    assert after == before  # idempotent: the same input twice leaves the same rows


@pytest.mark.slow
def test_kill_9_loses_nothing_committed_and_rerun_completes(tmp_path: Path) -> None:
    src = tmp_path / "many.jsonl"
    with src.open("w") as handle:
        for i in range(240):
            text = (
                f"Report {i}. Deputies in Kern County stopped a pickup on Route {i} on "
                "Saturday night, the sheriff's office said. "
            ) * 6
            handle.write(json.dumps({"id": f"r{i:03d}", "text": text}) + "\n")
    db = tmp_path / "crash.db"
    cmd = [
        sys.executable,
        "-m",
        "newsledger.cli",
        "ingest",
        str(src),
        "--db",
        str(db),
        "--batch-size",
        "8",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as con:
                    stored = con.execute("select count(*) from articles").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
            if stored >= 16:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed; make the input larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    committed = con.execute("select count(*) from articles").fetchone()[0]
    assert 16 <= committed < 240
    # Every committed article is complete: it has its sentences.
    assert (
        con.execute(
            "select count(*) from articles a where not exists "
            "(select 1 from sentences s where s.article_hash = a.content_hash)"
        ).fetchone()[0]
        == 0
    )
    con.close()
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*), count(distinct id) from articles").fetchone() == (240, 240)
    assert (
        con.execute("select count(*) from revisions where action='article.added'").fetchone()[0]
        == 240
    )


def test_export_show_and_incidents(tmp_path: Path) -> None:
    src = tmp_path / "two.jsonl"
    src.write_text(
        json.dumps(
            {
                "id": "n1",
                "outlet": "Gulf Wire",
                "title": "Agents arrest man",
                "published": "2026-01-05",
                "text": "ICE agents arrested a man in Houston on Friday, a spokesperson said.",
            }
        )
        + "\n"
        + json.dumps({"id": "n2", "text": "Police in Reno used pepper spray on Saturday."})
        + "\n"
    )
    db = str(tmp_path / "x.db")
    assert run("ingest", str(src), "--db", db)[0] == 0
    code, out, _ = run("export", "--what", "articles", "--format", "jsonl", "--db", db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and sorted(r["article"]["id"] for r in rows) == ["n1", "n2"]
    assert all(validation_errors(r) == [] for r in rows)
    code, out, _ = run("export", "--what", "articles", "--format", "csv", "--db", db)
    table = list(csv.DictReader(io.StringIO(out)))
    assert {r["id"]: r["outlet"] for r in table} == {"n1": "Gulf Wire", "n2": ""}
    assert all(int(r["sentences"]) >= 1 for r in table)
    code, out, _ = run("export", "--what", "claims", "--format", "csv", "--db", db)
    claims = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    houston = [c for c in claims if c["content"].startswith("ICE agents arrested a man in Houston")]
    assert [(c["article_id"], c["cue"], c["source_text"], c["certainty"]) for c in houston] == [
        ("n1", "said", "a spokesperson", "attributed")
    ]
    assert houston[0]["published_at"] == "2026-01-05"  # claims keep their publication time
    code, out, _ = run("show", "n1", "--db", db)
    assert code == 0 and "Agents arrest man" in out and "Houston" in out
    code, out, _ = run("show", "n1", "--db", db, "--format", "json")
    assert json.loads(out)[0]["article"]["id"] == "n1"
    code, out, _ = run("search", "Houston", "--db", db, "--format", "json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == ["n1"]
    code, out, _ = run("search", "Anchorage", "--db", db, "--format", "json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run("incidents", "--db", db, "--format", "csv")
    assert code == 0
    found = {r["city"]: r for r in csv.DictReader(io.StringIO(out))}
    assert set(found) == {"Houston", "Reno"}
    houston_incident = found["Houston"]
    # "Friday" in an article published on Monday 2026-01-05 is 2026-01-02.
    assert (houston_incident["state"], houston_incident["date"]) == ("TX", "2026-01-02")
    assert houston_incident["agencies"] == "ICE" and houston_incident["types"] == "arrest"
    assert found["Reno"]["types"] == "less_lethal" and found["Reno"]["date"] == ""
    code, out, _ = run("show", houston_incident["id"], "--db", db, "--format", "json")
    shown = json.loads(out)[0]
    assert code == 0 and shown["articles"] == ["n1"] and shown["view"] == "view.most_specific.v1"
    assert shown["fields"]["location"][0]["claims"][0]["article_id"] == "n1"
    assert [t["article_id"] for t in shown["timeline"]] == ["n1"]
    assert shown["revisions"][0]["action"] == "incident.created"
    # A unique prefix of the id is enough.
    code, out, _ = run("show", houston_incident["id"][:8], "--db", db, "--format", "json")
    assert code == 0 and json.loads(out)[0]["id"] == houston_incident["id"]


def test_show_unknown_id_is_a_clear_error(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.db")
    proc = subprocess.run(
        [sys.executable, "-m", "newsledger.cli", "show", "nope", "--db", db],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "error[not_found]" in proc.stderr and "hint:" in proc.stderr


def test_bad_database_url_is_a_clear_error(tmp_path: Path) -> None:
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("this is not a database, it is a text file\n" * 100)
    proc = subprocess.run(
        [sys.executable, "-m", "newsledger.cli", "incidents", "--db", str(not_sqlite)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "error[not_sqlite]" in proc.stderr and "hint:" in proc.stderr


def test_demo_builds_a_fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("demo")
    assert code == 0
    assert "Stored 13 articles" in out and "newsledger-demo.db" in out
    assert "resolved into" in " ".join(out.split())
    con = sqlite3.connect(tmp_path / "newsledger-demo.db")
    assert con.execute("select count(*) from articles").fetchone()[0] == 13
    con.close()
    code, out, _ = run("demo")  # a second demo starts fresh, it does not fail or duplicate
    assert code == 0 and "Stored 13 articles" in out
