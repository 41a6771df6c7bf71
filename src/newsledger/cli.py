"""The ``newsledger`` command: a thin shell over the library.

Each command parses its options, calls one library function and hands the result to
``newsledger.output``. Errors are ``NewsledgerError``s, printed as ``error[code]: message`` with
a hint, and exit non-zero. Exit codes: 0 done, 1 error, 2 usage, 3 done but some inputs skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsledger import __version__
from newsledger.article import Article, normalize_published
from newsledger.errors import InputError, NewsledgerError, NotFoundError, UsageError
from newsledger.output import dumps, write_rows
from newsledger.settings import NOT_GIVEN, help_for, resolve

app = typer.Typer(
    name="newsledger",
    help="Turn news reports about use-of-force incidents into an auditable ledger.\n\n"
    "Today it reads articles (text, HTML, JSONL, folders, globs, stdin), splits sentences and "
    "labels them reporting, opinion or boilerplate, gives each article a genre, finds people, "
    "organisations, places, dates and times with their offsets, extracts claims (who says "
    "what, with which cue, how sure the report makes it) and incidents (what, when, where, "
    "which agencies, who was hurt), and stores it all idempotently in SQLite or PostgreSQL. "
    "Reports of one incident from many outlets are merged into one incident whose every field "
    "keeps each reported value with its claims; views pick what to display, conflicts are "
    "listed, and every merge is a revision that can be undone.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", help=help_for("db"))]
ModelOpt = Annotated[str | None, typer.Option("--model", help=help_for("model"))]
PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published", help="Publication date or time for inputs that lack one (ISO 8601)."
    ),
]
OutletOpt = Annotated[
    str | None, typer.Option("--outlet", help="Outlet name for inputs that lack one.")
]
BatchOpt = Annotated[int | None, typer.Option("--batch-size", help=help_for("batch_size"))]
WorkersOpt = Annotated[int | None, typer.Option("--workers", help=help_for("workers"))]
MaxCharsOpt = Annotated[int | None, typer.Option("--max-chars", help=help_for("max_chars"))]
PathsArg = Annotated[
    list[str], typer.Argument(help="Files, folders, glob patterns, or - for standard input.")
]


class AnalyzeFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


class ExportWhat(StrEnum):
    articles = "articles"
    incidents = "incidents"
    claims = "claims"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def main() -> None:
    try:
        app()
    except NewsledgerError as exc:
        _print_error(exc)
        sys.exit(exc.exit_code)


def _print_error(exc: NewsledgerError) -> None:
    err.print(
        f"[bold red]{escape(f'error[{exc.code}]')}[/]: {escape(exc.message)}",
        highlight=False,
        soft_wrap=True,
    )
    if exc.hint:
        err.print(f"  hint: {escape(exc.hint)}", highlight=False, soft_wrap=True)


def _given(value: Any) -> Any:
    return NOT_GIVEN if value is None else value


def _check_published(published: str | None) -> str | None:
    try:
        return normalize_published(published)
    except InputError as exc:
        raise UsageError(f"--published: {exc.message}", hint=exc.hint) from exc


def _open_store(db: str | None) -> Any:
    from newsledger.store import open_store

    return open_store(resolve("db", _given(db)))


@contextmanager
def _status(first: str) -> Iterator[Callable[[str], None]]:
    """A spinner on stderr for long work; yields a function that updates its line."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(first, total=None)
        yield lambda line: bar.update(task, description=line)


def _warn_skip(origin: str, code: str, reason: str) -> None:
    err.print(
        f"[yellow]skipped[/] {escape(origin)}: {escape(f'[{code}]')} {escape(reason)}",
        highlight=False,
        soft_wrap=True,
    )


def _report_skips(skipped: Iterable[Any]) -> int:
    n = 0
    for skip in skipped:
        n += 1
        _warn_skip(skip.origin, skip.code, skip.reason)
    return n


@app.command()
def analyze(
    paths: PathsArg,
    format: Annotated[
        AnalyzeFormat,
        typer.Option(
            "--format",
            "-f",
            help=("json: one object (an array for several articles); jsonl: one analysis a line."),
        ),
    ] = AnalyzeFormat.json,
    published: PublishedOpt = None,
    outlet: OutletOpt = None,
    model: ModelOpt = None,
    batch_size: BatchOpt = None,
    max_chars: MaxCharsOpt = None,
    validate: Annotated[
        bool,
        typer.Option(
            "--validate", help="Check every analysis against the newsledger.analysis/1 schema."
        ),
    ] = False,
) -> None:
    """Print the analysis of each article as JSON (newsledger.analysis/1), storing nothing.

    Delivers the article, its sentences with offsets and labels (reporting, opinion,
    boilerplate), the article's genre, its entity mentions with offsets, its claims (content,
    cue, source, certainty, polarity) and its incidents (types, date, place, agencies,
    participants, killed, injured, weapons), every value with its evidence spans.
    """
    from newsledger.nlp.pipeline import AnalysisFailure, Analyzer
    from newsledger.read import Skip, iter_inputs
    from newsledger.schemas import validation_errors

    published = _check_published(published)
    analyzer = Analyzer(_given(model), batch_size=_given(batch_size))
    skipped: list[Any] = []

    def articles() -> Iterator[Article]:
        for item in iter_inputs(
            paths, published=published, outlet=outlet, max_chars=_given(max_chars)
        ):
            if isinstance(item, Skip):
                skipped.append(item)
            else:
                yield item

    def analyses() -> Iterator[dict[str, Any]]:
        for result in analyzer.analyze_many(articles()):
            if isinstance(result, AnalysisFailure):
                skipped.append(result)
                continue
            data = result.to_dict()
            if validate and (problems := validation_errors(data)):
                raise NewsledgerError(
                    f"analysis of {result.article.origin} breaks the schema: "
                    + "; ".join(problems[:5]),
                    code="schema",
                )
            yield data

    if format is AnalyzeFormat.jsonl:
        write_rows(analyses(), "jsonl")
    else:
        items = list(analyses())
        if len(items) == 1:
            sys.stdout.write(dumps(items[0], indent=2) + "\n")
        else:
            sys.stdout.write(dumps(items, indent=2) + "\n")
    for item in skipped:
        origin = item.article.origin if isinstance(item, AnalysisFailure) else item.origin
        _warn_skip(origin, item.code, item.reason)
    if skipped:
        raise typer.Exit(3)


def _run_ingest(
    paths: list[str],
    store: Any,
    *,
    published: str | None,
    outlet: str | None,
    model: Any,
    batch_size: Any,
    workers: Any,
    max_chars: Any,
) -> Any:
    from newsledger.ingest import ingest as run

    with _status("reading…") as say:

        def progress(report: Any) -> None:
            say(
                f"read {report.read:,}  stored {report.stored:,}  "
                f"unchanged {report.unchanged:,}  skipped {len(report.skipped):,}"
            )

        return run(
            paths,
            store,
            published=published,
            outlet=outlet,
            model=model,
            batch_size=batch_size,
            workers=workers,
            max_chars=max_chars,
            progress=progress,
        )


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOpt = None,
    published: PublishedOpt = None,
    outlet: OutletOpt = None,
    model: ModelOpt = None,
    batch_size: BatchOpt = None,
    workers: WorkersOpt = None,
    max_chars: MaxCharsOpt = None,
) -> None:
    """Read, analyze and store articles. Idempotent: the same input twice stores nothing new.

    Bad inputs are reported, recorded in the database as skipped inputs, and make the exit
    code 3; every good article is still stored.
    """
    published = _check_published(published)
    with _open_store(db) as store:
        report = _run_ingest(
            paths,
            store,
            published=published,
            outlet=outlet,
            model=_given(model),
            batch_size=_given(batch_size),
            workers=_given(workers),
            max_chars=_given(max_chars),
        )
        _report_skips(report.skipped)
        err.print(
            f"read {report.read:,} articles: {report.stored:,} stored, "
            f"{report.unchanged:,} already stored, {len(report.skipped):,} inputs skipped "
            f"-> {store.url_display}",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )
    if report.exit_code:
        raise typer.Exit(report.exit_code)


def sample_corpus() -> Path:
    return Path(str(resources.files("newsledger").joinpath("data/sample/articles.jsonl")))


DEMO_DB = "newsledger-demo.db"


@app.command()
def demo(
    db: Annotated[
        Path,
        typer.Option(
            "--db",
            help=(
                "SQLite file to create. A previous demo file of the same name is replaced; any other "
                "existing file is refused."
            ),
        ),
    ] = Path(DEMO_DB),
    model: ModelOpt = None,
) -> None:
    """Ingest the bundled, fictional sample corpus into a fresh SQLite file and summarise it."""
    from newsledger.store import open_store

    if db.exists():
        if db.name != DEMO_DB:
            raise UsageError(
                f"{db} exists; demo only writes a fresh file",
                hint=f"Give --db a new path, or remove {db}.",
            )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    with open_store(str(db)) as store:
        report = _run_ingest(
            [str(sample_corpus())],
            store,
            published=None,
            outlet=None,
            model=_given(model),
            batch_size=NOT_GIVEN,
            workers=NOT_GIVEN,
            max_chars=NOT_GIVEN,
        )
        counts = store.counts()
        rows = [
            {
                "id": a["article"]["id"],
                "outlet": a["article"]["outlet"],
                "published": (a["article"]["published_at"] or "")[:10],
                "sentences": len(a["sentences"]),
                "mentions": len(a.get("mentions", [])),
            }
            for a in store.iter_articles()
        ]
    out = Console()
    write_rows(rows, "table", title="Sample corpus (fictional articles written for newsledger)")
    _report_skips(report.skipped)
    out.print(
        f"\nStored {report.stored} articles, {counts.get('sentences', 0):,} sentences and "
        f"{counts.get('mentions', 0):,} entity mentions in [bold]{db.resolve()}[/].",
        highlight=False,
    )
    out.print(
        f"Claims: {counts.get('claims', 0)}; incident mentions: "
        f"{counts.get('incident_mentions', 0)}, resolved into {_active_incidents(str(db))} "
        "incidents.",
        highlight=False,
    )
    first = rows[0]["id"] if rows else "ID"
    out.print(
        "\nNext:\n"
        f"  newsledger show {first} --db {db}\n"
        f"  newsledger incidents --db {db}\n"
        f"  newsledger serve --db {db}    (the web pages and the JSON API)\n"
        f"  newsledger export --what claims --format csv --db {db}\n"
        "  newsledger analyze article.txt --published 2026-01-09 --format json\n"
        "  newsledger ingest ./my-articles/ --db ledger.db",
        highlight=False,
    )
    if report.exit_code:
        raise typer.Exit(report.exit_code)


ARTICLE_COLUMNS = [
    "id",
    "content_hash",
    "outlet",
    "published_at",
    "title",
    "byline",
    "url",
    "origin",
    "sentences",
    "mentions",
    "claims",
    "incidents",
    "model",
]


def article_row(analysis: dict[str, Any]) -> dict[str, Any]:
    art = analysis["article"]
    return {
        **{k: art.get(k) for k in ARTICLE_COLUMNS[:8]},
        "origin": analysis.get("origin", art.get("origin")),
        "sentences": len(analysis["sentences"]),
        "mentions": len(analysis.get("mentions", [])),
        "claims": len(analysis["claims"]),
        "incidents": len(analysis["incidents"]),
        "model": (analysis.get("model") or {}).get("name"),
    }


CLAIM_COLUMNS = [
    "id",
    "article_id",
    "published_at",
    "source_name",
    "source_kind",
    "source_role",
    "source_text",
    "cue",
    "certainty",
    "polarity",
    "quote",
    "in_opinion",
    "part_of",
    "content",
    "content_start",
    "content_end",
    "extractor",
]


def claim_row(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim as one flat CSV row; the JSONL export keeps every span."""
    source = claim.get("source") or {}
    content = claim["content"]
    return {
        "id": claim["id"],
        "article_id": claim.get("article_id"),
        "published_at": claim.get("published_at"),
        "source_name": source.get("name"),
        "source_kind": source.get("kind"),
        "source_role": source.get("role"),
        "source_text": (source.get("span") or {}).get("text"),
        "cue": (claim.get("cue") or {}).get("text"),
        "certainty": claim["certainty"],
        "polarity": claim["polarity"],
        "quote": claim["quote"],
        "in_opinion": claim["in_opinion"],
        "part_of": claim.get("part_of"),
        "content": " … ".join(span["text"] for span in content),
        "content_start": content[0]["start"],
        "content_end": content[-1]["end"],
        "extractor": claim.get("extractor"),
    }


INCIDENT_COLUMNS = [
    "id",
    "date",
    "time",
    "city",
    "county",
    "state",
    "lat",
    "lon",
    "types",
    "agencies",
    "killed",
    "injured",
    "articles",
    "conflicts",
    "first_reported",
    "last_reported",
    "view",
]
INCIDENT_TABLE = [
    "id",
    "date",
    "city",
    "state",
    "types",
    "agencies",
    "killed",
    "injured",
    "articles",
    "conflicts",
]


def _short(items: str, most: int = 2) -> str:
    """The first few items of a '; ' list, with how many more (for the terminal table)."""
    parts = [p for p in items.split("; ") if p]
    more = f" +{len(parts) - most}" if len(parts) > most else ""
    return ", ".join(parts[:most]) + more


def incident_table_row(record: dict[str, Any]) -> dict[str, Any]:
    row = incident_row(record)
    return {**row, "types": _short(row["types"]), "agencies": _short(row["agencies"])}


ViewOpt = Annotated[
    str,
    typer.Option(
        "--view",
        help="Which value to show when reports differ: most_specific (default), latest, "
        "official, independent or conservative (docs/resolution.md).",
    ),
]


def _active_incidents(db: str) -> int:
    from newsledger.store import open_store

    with open_store(db) as store:
        return sum(1 for _ in _incident_ids(store))


def _incident_ids(store: Any) -> Iterator[str]:
    import sqlalchemy as sa

    from newsledger.store.schema import incidents as incidents_table

    with store.engine.connect() as conn:
        ids = conn.execute(
            sa.select(incidents_table.c.id)
            .where(incidents_table.c.status == "active")
            .order_by(incidents_table.c.date_value, incidents_table.c.id)
        ).scalars()
        yield from list(ids)


def export_record(record: dict[str, Any]) -> dict[str, Any]:
    """An incident for the corpus export: the contract's incident fields under the record's
    view, its articles, clocks and conflicts (every value with its claims)."""
    keys = (
        "id",
        "types",
        "date",
        "location",
        "agencies",
        "participants",
        "killed",
        "injured",
        "weapons",
        "charges",
        "accounts",
        "articles",
        "outlets",
        "first_reported",
        "last_reported",
        "conflicts",
        "view",
    )
    return {k: record.get(k) for k in keys}


def _iter_records(store: Any, view: str) -> Iterator[dict[str, Any]]:
    from newsledger.resolve.views import incident_record

    for incident_id in _incident_ids(store):
        record = incident_record(store, incident_id, view=view)
        if record is not None:
            yield record


def incident_row(record: dict[str, Any]) -> dict[str, Any]:
    """An incident as one flat row in the spirit of the police databases, under its view."""
    date = record.get("date") or {}
    place = record.get("location") or {}
    return {
        "id": record["id"],
        "date": date.get("value")
        or "/".join(x for x in (date.get("earliest"), date.get("latest")) if x),
        "time": date.get("time"),
        "city": place.get("city"),
        "county": place.get("county"),
        "state": place.get("state"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "types": "; ".join(record.get("types") or []),
        "agencies": "; ".join(a.get("code") or a["name"] for a in record.get("agencies") or []),
        "killed": record.get("killed"),
        "injured": record.get("injured"),
        "articles": len(record.get("articles") or []),
        "conflicts": "; ".join(dict.fromkeys(c["field"] for c in record.get("conflicts") or [])),
        "first_reported": record.get("first_reported"),
        "last_reported": record.get("last_reported"),
        "view": record.get("view"),
    }


def write_geojson(records: Iterable[dict[str, Any]], out: Any) -> int:
    """A GeoJSON FeatureCollection, one Point feature per incident (null geometry when the
    place has no coordinates), written as it goes."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for record in records:
        row = incident_row(record)
        lat, lon = row.pop("lat"), row.pop("lon")
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]}
            if lat is not None and lon is not None
            else None
        )
        feature = {
            "type": "Feature",
            "id": record["id"],
            "geometry": geometry,
            "properties": {**row, "articles": record.get("articles") or []},
        }
        out.write(("" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


@app.command()
def export(
    what: Annotated[
        ExportWhat, typer.Option("--what", help="What to export.")
    ] = ExportWhat.articles,
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help=(
                "jsonl: full records (articles as newsledger.analysis/1); csv: one flat row "
                "each; geojson: incidents as points."
            ),
        ),
    ] = ExportFormat.jsonl,
    view: ViewOpt = "most_specific",
    db: DbOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default standard output.")
    ] = None,
) -> None:
    """Export stored articles, claims or incidents (under a view) as JSONL, CSV or GeoJSON."""
    from newsledger.resolve.views import check_view

    check_view(view)
    if format is ExportFormat.geojson and what is not ExportWhat.incidents:
        raise UsageError("GeoJSON is for incidents", hint="Use --what incidents --format geojson.")
    with _open_store(db) as store:
        rows: Iterable[dict[str, Any]]
        columns: list[str] | None = None
        if what is ExportWhat.articles:
            rows = store.iter_articles()
            if format is ExportFormat.csv:
                rows, columns = map(article_row, rows), ARTICLE_COLUMNS
        elif what is ExportWhat.claims:
            rows = store.iter_claims()
            if format is ExportFormat.csv:
                rows, columns = map(claim_row, rows), CLAIM_COLUMNS
        else:
            rows = _iter_records(store, view)
            if format is ExportFormat.csv:
                rows, columns = map(incident_row, rows), INCIDENT_COLUMNS
            else:
                rows = map(export_record, rows)
        handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            if format is ExportFormat.geojson:
                n = write_geojson(rows, handle)
            else:
                n = write_rows(rows, format.value, columns=columns, out=handle)
        finally:
            if output:
                handle.close()
    if n == 0:
        err.print(f"no {what.value} stored.", highlight=False)


@app.command()
def incidents(
    db: DbOpt = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    view: ViewOpt = "most_specific",
    limit: Annotated[int, typer.Option("--limit", help="Most rows to show.")] = 50,
) -> None:
    """List incidents, resolved across articles (table and CSV: one flat row each under the
    view; json and jsonl: full records with every reported value and its claims)."""
    from newsledger.resolve.views import check_view

    check_view(view)
    with _open_store(db) as store:
        rows = []
        for i, record in enumerate(_iter_records(store, view)):
            if i >= limit:
                break
            rows.append(record)
    if not rows:
        err.print("No incidents stored.", highlight=False)
        return
    if format is ListFormat.csv:
        write_rows(map(incident_row, rows), "csv", columns=INCIDENT_COLUMNS)
    elif format is ListFormat.table:
        title = f"Incidents (view {view}; newsledger show ID for the claims behind each value)"
        write_rows(map(incident_table_row, rows), "table", columns=INCIDENT_TABLE, title=title)
    else:
        write_rows(rows, format.value)


def _value_text(field: str, value: Any) -> str:
    if value is None:
        return "-"
    if field == "date":
        text = value.get("value") or f"{value.get('earliest')}..{value.get('latest')}"
        return text + (f" {value['time']}" if value.get("time") else "")
    if field == "time":
        return f"{value.get('time')} ({value.get('timezone') or 'zone unknown'})"
    if field == "location":
        return value.get("name") or ", ".join(
            x for x in (value.get("city"), value.get("county"), value.get("state")) if x
        )
    if field == "agencies":
        return str(value.get("code") or value.get("name"))
    if field == "participants":
        count = value.get("count")
        return (
            f"{value.get('role')}: {value.get('description') or '?'}"
            + (f" ×{count}" if count and count > 1 else "")
            + f" ({value.get('outcome')})"
        )
    if field == "weapons":
        return f"{value.get('kind')}" + (
            f" (held by {value['held_by']})" if value.get("held_by") else ""
        )
    if field == "charges":
        return f"{value.get('person') or value.get('role')}: {value.get('charge')}"
    if field == "accounts":
        return str(value).replace("_", " ")
    return str(value)


def _claim_text(ref: dict[str, Any]) -> str:
    source = (ref.get("source") or {}).get("name") or (
        "the outlet" if ref.get("id") else "the article's text"
    )
    certainty = ref.get("certainty") or "framing unknown"
    return f"{source} ({certainty}) in {ref.get('article_id')} ({(ref.get('published_at') or '?')[:16]})"


def _show_incident(store: Any, incident_id: str, view: str) -> dict[str, Any] | None:
    from newsledger.resolve.manual import find_incident
    from newsledger.resolve.views import incident_record, incident_revisions, timeline

    try:
        with store.engine.connect() as conn:
            incident_id = find_incident(conn, incident_id).id
    except NotFoundError:
        return None
    record = incident_record(store, incident_id, view=view)
    if record is None:
        return None
    record["timeline"] = timeline(store, incident_id)
    record["revisions"] = incident_revisions(store, incident_id)
    return record


def _print_incident(record: dict[str, Any]) -> None:
    out = Console()
    out.print(
        f"[bold]Incident {record['id']}[/] ({record['status']}, view {record['view']})",
        highlight=False,
    )
    if record.get("title"):
        out.print(escape(record["title"]), highlight=False)
    facts = []
    for field in (
        "date",
        "location",
        "killed",
        "injured",
        "types",
        "agencies",
        "participants",
        "weapons",
        "charges",
        "accounts",
    ):
        shown = record.get(field)
        text = (
            "; ".join(_value_text(field, v) for v in shown)
            if isinstance(shown, list)
            else _value_text(field, shown)
        )
        entries = record["fields"].get(field) or []
        claims = {_claim_text(r) for e in entries for r in e["claims"]}
        facts.append(
            {
                "field": field,
                "shown": text or "-",
                "values reported": len(entries),
                "claims": len(claims),
            }
        )
    write_rows(facts, "table", title="Facts (displayed value under the view)")
    conflicts = [
        {
            "field": c["field"],
            "value": _value_text(c["field"], v["value"]),
            "said by": "; ".join(sorted({_claim_text(r) for r in v["claims"]})),
        }
        for c in record["conflicts"]
        for v in c["values"]
    ]
    if conflicts:
        write_rows(conflicts, "table", title="Conflicts (reports that cannot all be true)")
    events = [
        {
            "published": (t.get("published_at") or "?")[:16],
            "outlet": t.get("outlet") or "?",
            "article": t["article_id"],
            "new": ", ".join(t["new"]),
            "changed": "; ".join(
                f"{f}: {_value_text(f, c['from'])} -> {_value_text(f, c['to'])}"
                for f, c in t["changed"].items()
            ),
        }
        for t in record["timeline"]
    ]
    write_rows(events, "table", title="Reports over time")
    out.print(
        f"Mentions: {', '.join(record['mentions'])}. Revisions: "
        + ", ".join(f"#{r['seq']} {r['action']}" for r in record["revisions"]),
        highlight=False,
    )


@app.command()
def show(
    id: Annotated[str, typer.Argument(help="An article id or content hash, or an incident id.")],
    db: DbOpt = None,
    view: ViewOpt = "most_specific",
    format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table or json.")
    ] = ListFormat.table,
) -> None:
    """Show one stored article (its sentences, claims and incidents) or one incident (its
    facts under the view, every reported value with its claims, conflicts, reports over time
    and revisions)."""
    from newsledger.resolve.views import check_view

    check_view(view)
    with _open_store(db) as store:
        record = store.get_article(id)
        kind = "article"
        if record is None:
            record = _show_incident(store, id, view)
            kind = "incident"
    if record is None:
        raise NotFoundError(
            f"no article or incident with id {id!r}",
            hint="List ids with: newsledger incidents, or newsledger export --what articles --format csv",
        )
    if format is not ListFormat.table:
        write_rows([record], format.value)
        return
    if kind == "incident":
        _print_incident(record)
        return
    out = Console()
    art = record["article"]
    out.print(f"[bold]{art.get('title') or '(no title)'}[/]", highlight=False)
    out.print(
        f"{art.get('outlet') or '?'} · {art.get('published_at') or 'date unknown'} · "
        f"id {art['id']} · {art['content_hash'][:12]}",
        highlight=False,
    )
    text = art["text"]
    sentences = [
        {
            "#": i + 1,
            "start": s["start"],
            "end": s["end"],
            "label": s["label"] or "-",
            "text": text[s["start"] : s["end"]],
        }
        for i, s in enumerate(record["sentences"])
    ]
    write_rows(sentences, "table", title="Sentences")
    mentions = [
        {"kind": m["kind"], "text": m["text"], "start": m["start"], "end": m["end"]}
        for m in record.get("mentions", [])
    ]
    write_rows(mentions, "table", title="Entity mentions")
    claims = [
        {
            # a clause nested in another claim names it ("c5 in c4")
            "id": c["id"] + (f" in {c['part_of']}" if c.get("part_of") else ""),
            "source": (c["source"] or {}).get("name") or "(the outlet)",
            "cue": (c["cue"] or {}).get("text") or "",
            "certainty": c["certainty"] + (" (negated)" if c["polarity"] == "negated" else ""),
            "content": " … ".join(span["text"] for span in c["content"]),
        }
        for c in record["claims"]
    ]
    write_rows(claims, "table", title="Claims")
    incidents = [
        {
            "id": i["id"],
            "role": i["role"],
            "types": ", ".join(i["types"]),
            "date": i["date"]["value"],
            "place": i["location"]["name"],
            "agencies": ", ".join(a.get("code") or a["name"] for a in i["agencies"]),
            "killed": i["killed"],
            "injured": i["injured"],
            "claims": len(i["claims"]),
        }
        for i in record["incidents"]
    ]
    write_rows(incidents, "table", title="Incidents in this article")


ActorOpt = Annotated[
    str | None,
    typer.Option("--actor", help="Who makes the change, for the revision log (default: $USER)."),
]
NoteOpt = Annotated[
    str | None, typer.Option("--note", help="Why: kept in the revision with the change.")
]


def _actor(actor: str | None) -> str:
    import getpass

    if actor:
        return actor
    try:
        return f"user:{getpass.getuser()}"
    except (KeyError, OSError):
        return "user:unknown"


def _print_change(result: dict[str, Any], *, undoable: bool = True) -> None:
    hint = f" (undo with: newsledger undo {result['revision']})" if undoable else ""
    Console().print(
        f"revision #{result['revision']}: incidents now {', '.join(result['incidents'])}{hint}",
        highlight=False,
        soft_wrap=True,
    )


@app.command("resolve")
def resolve_cmd(
    db: DbOpt = None,
    again: Annotated[
        bool,
        typer.Option(
            "--again",
            help="Compute every key and scored pair again with the installed scorer and decide "
            "every incident again (after an upgrade); manual merges and splits are kept.",
        ),
    ] = False,
    actor: ActorOpt = None,
) -> None:
    """Resolve incident mentions into incidents (ingest does this for new articles)."""
    from newsledger.resolve import resolve_again, resolve_new, rule_name

    with _open_store(db) as store:
        if again:
            with _status("resolving every incident mention again…"):
                outcome = resolve_again(store, actor=actor)
            Console().print(
                f"{rule_name()}: {outcome.created} incidents created, {outcome.linked} mentions "
                f"linked, {outcome.merged} merged, {outcome.split} split; "
                f"{len(outcome.touched)} incidents now.",
                highlight=False,
            )
        else:
            created = resolve_new(store)
            Console().print(f"{rule_name()}: {created} incidents created.", highlight=False)


@app.command()
def merge(
    ids: Annotated[
        list[str], typer.Argument(help="Two or more incident ids (or unique prefixes).")
    ],
    db: DbOpt = None,
    note: NoteOpt = None,
    actor: ActorOpt = None,
) -> None:
    """Merge incidents by hand: one revision, with your note, that automatic matching keeps."""
    from newsledger.resolve.manual import merge as do_merge

    with _open_store(db) as store:
        _print_change(do_merge(store, ids, actor=_actor(actor), note=note))


@app.command()
def split(
    id: Annotated[str, typer.Argument(help="The incident (id or unique prefix).")],
    mentions: Annotated[
        list[str],
        typer.Option(
            "--mention", "-m", help="An incident mention to take out (repeat the option)."
        ),
    ],
    db: DbOpt = None,
    note: NoteOpt = None,
    actor: ActorOpt = None,
) -> None:
    """Take incident mentions out of an incident into one of their own (newsledger show ID
    lists its mentions)."""
    from newsledger.resolve.manual import split as do_split

    with _open_store(db) as store:
        _print_change(do_split(store, id, mentions, actor=_actor(actor), note=note))


@app.command()
def undo(
    seq: Annotated[int, typer.Argument(help="The revision to undo (newsledger log lists them).")],
    db: DbOpt = None,
    note: NoteOpt = None,
    actor: ActorOpt = None,
) -> None:
    """Undo a merge or split (manual or automatic); the undo is a revision too."""
    from newsledger.resolve.manual import undo as do_undo

    with _open_store(db) as store:
        _print_change(do_undo(store, seq, actor=_actor(actor), note=note), undoable=False)


@app.command()
def log(
    db: DbOpt = None,
    since: Annotated[int, typer.Option("--since", help="Only revisions after this number.")] = 0,
    incident: Annotated[
        str | None, typer.Option("--incident", help="Only revisions naming this incident.")
    ] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    limit: Annotated[int | None, typer.Option("--limit", help="Most rows.")] = None,
) -> None:
    """The revision log, oldest first: the change feed (articles added, incidents created,
    linked, merged, split, manual decisions and undos, each with its reason)."""
    from newsledger.resolve.views import incident_revisions

    with _open_store(db) as store:
        if incident:
            rows = [r for r in incident_revisions(store, incident) if r["seq"] > since]
            rows = rows[:limit] if limit is not None else rows
        else:
            rows = store.revisions(since_seq=since, limit=limit)
    if format is ListFormat.table:
        table = [
            {
                "seq": r["seq"],
                "at": r["at"][:19],
                "actor": r["actor"],
                "action": r["action"],
                "subject": _subject_text(r["subject"]),
                "undoes": r["undoes"] or "",
            }
            for r in rows
        ]
        write_rows(table, "table", title="Revisions")
    else:
        write_rows(rows, format.value)


def _subject_text(subject: dict[str, Any]) -> str:
    parts = []
    for key in ("article", "incident", "from", "into", "revision", "incidents"):
        if subject.get(key):
            value = subject[key]
            parts.append(f"{key} {', '.join(value) if isinstance(value, list) else value}")
    if subject.get("mentions"):
        parts.append(f"{len(subject['mentions'])} mention(s)")
    return "; ".join(parts)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words that must all appear (title and text).")],
    db: DbOpt = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    limit: Annotated[int, typer.Option("--limit", help="Most rows to show.")] = 20,
) -> None:
    """Full-text search over stored articles (SQLite FTS5 / PostgreSQL tsvector)."""
    with _open_store(db) as store:
        rows = store.search(query, limit=limit)
    columns = ["id", "outlet", "published_at", "snippet"]
    write_rows(
        rows,
        format.value,
        columns=columns if format is ListFormat.table else None,
        title=f"Articles matching {query!r}",
    )


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str | None, typer.Option("--host", help=help_for("host"))] = None,
    port: Annotated[int | None, typer.Option("--port", help=help_for("port"))] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help=help_for("token") + " Prefer the environment variable: options show in ps.",
        ),
    ] = None,
) -> None:
    """Serve the web pages and the JSON API (OpenAPI at /openapi.json) over the database;
    read-only unless a token is set. See docs/api.md."""
    from newsledger.api.server import serve as run_server

    address = str(resolve("host", _given(host)))
    number = int(resolve("port", _given(port)))
    secret = resolve("token", _given(token))
    err.print(
        f"newsledger serving {escape(address)}:{number} "
        f"({'writes need the token' if secret else 'read-only'}); Ctrl-C stops it.",
        highlight=False,
    )
    run_server(str(resolve("db", _given(db))), host=address, port=number, token=secret)


@app.command("eval")
def eval_(
    task: Annotated[str, typer.Argument(help="gva, gvdb, polnear, subjectivity or factuality.")],
    data: Annotated[
        Path, typer.Option("--data", help="The dataset folder (see ../shared/datasets/README.md).")
    ],
    split: Annotated[
        str | None, typer.Option("--split", help="Split to score (task default: dev / val).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Score only the first N items.")
    ] = None,
    model: ModelOpt = None,
    markdown: Annotated[
        Path | None,
        typer.Option("--markdown", help="Also write the table as markdown to this file."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    grouping: Annotated[
        str,
        typer.Option(
            "--grouping",
            help="gva only: ledger (resolution across articles, the default) or article "
            "(one incident per article).",
        ),
    ] = "ledger",
) -> None:
    """Score newsledger on a public benchmark dataset and print the table."""
    from newsledger.eval import run_eval
    from newsledger.eval.gva import GROUPINGS

    if grouping not in GROUPINGS:
        raise UsageError(f"unknown grouping {grouping!r}", hint="Use ledger or article.")
    from newsledger.nlp.pipeline import Analyzer

    analyzer = Analyzer(_given(model))
    with _status(f"eval {task}…") as say:
        report = run_eval(
            task,
            data,
            analyzer.analyze_dicts,
            split=split,
            limit=limit,
            progress=lambda n: say(f"eval {task}: {n:,} items"),
            group=GROUPINGS[grouping] if task == "gva" else None,
        )
    if json_out:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        cols = report.COLUMNS
        write_rows(
            (dict(zip(cols, row, strict=True)) for row in report.rows()),
            "table",
            columns=cols,
            title=f"newsledger eval {task} ({report.split})",
        )
        # what a user can change between runs; --json and --markdown list every producer
        shown = [k for k in EVAL_PRODUCERS if k in report.producers]
        if shown:
            err.print(
                "made by " + ", ".join(f"{k} {report.producers[k]}" for k in shown),
                highlight=False,
            )
    if markdown:
        markdown.write_text(report.to_markdown(), encoding="utf-8")
        err.print(f"wrote {markdown}", highlight=False)


# The producers the eval table names under it: the extractors, the opinion model, the cue gate.
EVAL_PRODUCERS = (
    "newsledger_claims",
    "claims.cue_gate",
    "newsledger_incidents",
    "labels.subjectivity_model",
)


@app.command()
def doctor(model: ModelOpt = None) -> None:
    """Check the installation: the spaCy pipeline loads, and the default one is the pinned file."""
    from newsledger.nlp.model_check import check_model

    for line in check_model(str(resolve("model", _given(model)))):
        Console().print(line, highlight=False)


@app.command()
def version() -> None:
    """Print newsledger's version."""
    typer.echo(__version__)


if __name__ == "__main__":
    main()
