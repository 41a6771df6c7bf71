"""The resolution commands: incidents, show, merge, split, undo, log and the incident exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.errors import UsageError
from newsledger.resolve import resolve_new
from newsledger.store import open_store
from test_resolve import incident_of, lander, mention_of, riverton_1, riverton_2

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "ledger.db")
    with open_store(path) as store:
        store.save([riverton_1(), lander()])
        resolve_new(store)
    return path


def incident_ids(db: str) -> list[str]:
    code, out, _ = run("incidents", "--db", db, "--format", "csv")
    assert code == 0
    return [row["id"] for row in csv.DictReader(io.StringIO(out))]


def test_merge_split_undo_and_log(db: str) -> None:
    first, second = incident_ids(db)
    code, out, _ = run(
        "merge", first[:8], second, "--db", db, "--note", "one stand-off", "--actor", "ed"
    )
    assert code == 0 and "revision #" in out
    merge_seq = int(out.split("#")[1].split(":")[0])
    (merged,) = incident_ids(db)
    code, out, _ = run("log", "--db", db, "--format", "json", "--since", str(merge_seq - 1))
    log = json.loads(out)
    assert log[0]["action"] == "merge" and log[0]["actor"] == "ed"
    assert log[0]["reason"]["note"] == "one stand-off"
    assert "incident.merged" in {r["action"] for r in log}

    code, out, _ = run("split", merged, "--mention", mention_of(lander()), "--db", db)
    assert code == 0 and len(incident_ids(db)) == 2
    code, out, _ = run("undo", str(merge_seq), "--db", db)
    assert code == 0
    code, out, _ = run("log", "--db", db, "--incident", merged, "--format", "jsonl")
    actions = [json.loads(line)["action"] for line in out.splitlines()]
    assert actions[0] == "incident.created" and "split" in actions
    code, out, _ = run("log", "--db", db)
    assert code == 0 and "incident.created" in out
    with pytest.raises(UsageError):
        run("undo", str(merge_seq), "--db", db)


def test_export_incidents_under_a_view_as_jsonl_csv_and_geojson(db: str) -> None:
    with open_store(db) as store:
        store.save([riverton_2()])
        resolve_new(store)
    with open_store(db) as store:
        apart = {incident_of(store, mention_of(a)) for a in (riverton_1(), riverton_2())}
    if len(apart) == 2:  # the scorer kept the two reports apart: merge them by hand
        run("merge", *sorted(apart), "--db", db)
    code, out, _ = run(
        "export", "--what", "incidents", "--format", "jsonl", "--view", "conservative", "--db", db
    )
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    riverton = next(r for r in records if r["location"] and r["location"]["city"] == "Riverton")
    assert riverton["view"] == "view.conservative.v1" and riverton["injured"] == 1
    assert riverton["articles"] == ["riverton-1", "riverton-2"]
    assert riverton["first_reported"] < riverton["last_reported"]
    (conflict,) = riverton["conflicts"]
    assert conflict["field"] == "injured"
    assert {c["source"]["name"] for v in conflict["values"] for c in v["claims"]} >= {"Ada Hooper"}

    code, out, _ = run("export", "--what", "incidents", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["city"] for r in rows} == {"Riverton", "Lander"}
    assert next(r for r in rows if r["city"] == "Riverton")["conflicts"] == "injured"

    code, out, _ = run("export", "--what", "incidents", "--format", "geojson", "--db", db)
    geo = json.loads(out)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 2
    assert geo["features"][0]["geometry"] == {"type": "Point", "coordinates": [-108.4, 43.0]}
    assert geo["features"][0]["properties"]["view"] == "view.most_specific.v1"
    with pytest.raises(UsageError):
        run("export", "--what", "claims", "--format", "geojson", "--db", db)
    with pytest.raises(UsageError):
        run("export", "--what", "incidents", "--view", "loudest", "--db", db)


def test_show_an_incident_as_a_table(db: str) -> None:
    first = incident_ids(db)[0]
    code, out, _ = run("show", first, "--db", db)
    assert code == 0
    assert "Facts" in out and "Reports over time" in out and "incident.created" in out
