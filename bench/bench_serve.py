"""Benchmark: the JSON API and the pages over a large synthetic ledger in SQLite.

Synthesizes ``--incidents`` incidents (default 100,000) with their list cache and facets,
reported by 1.5 articles each on average, with ``--claims`` claims (default 1,000,000) spread
over those articles, straight into a fresh SQLite file (migrated by newsledger, then filled
with bulk inserts, shaped as the resolver would leave it). Then it serves the app with uvicorn on
127.0.0.1 in this process and times requests over HTTP (keep-alive), each on its own:

- the incident list with two filters (pairs of state, type, agency, outcome, date range);
- the same list page in HTML (with its facet counts and chart);
- an incident (JSON, the reconciled record), the same with every extra, and its HTML page;

reporting p50, p95 and max per kind. Targets: list with two filters p95 < 50 ms, incident page
p95 < 100 ms. Timings are never asserted in tests. ``--write`` puts the figures in
``docs/performance.md`` (its own section, the rest of the file kept).

    python bench/bench_serve.py --write
    python bench/bench_serve.py --incidents 20000 --claims 200000 --requests 100
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import sqlite3
import statistics
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from _report import PERFORMANCE, replace_section
from newsledger.api import create_app
from newsledger.store import global_id, open_store

STATES = [
    ("CA", "Los Angeles", 34.05, -118.24, 12),
    ("TX", "Houston", 29.76, -95.37, 10),
    ("FL", "Miami", 25.76, -80.19, 7),
    ("NY", "New York", 40.71, -74.01, 6),
    ("IL", "Chicago", 41.88, -87.63, 5),
    ("AZ", "Phoenix", 33.45, -112.07, 5),
    ("OR", "Portland", 45.52, -122.68, 3),
    ("MN", "Minneapolis", 44.98, -93.27, 3),
    ("OH", "Columbus", 39.96, -83.0, 4),
    ("GA", "Atlanta", 33.75, -84.39, 4),
    ("NC", "Charlotte", 35.23, -80.84, 3),
    ("CO", "Denver", 39.74, -104.99, 3),
    ("WA", "Seattle", 47.61, -122.33, 3),
    ("PA", "Philadelphia", 39.95, -75.17, 4),
    ("NM", "Albuquerque", 35.08, -106.65, 2),
]
STATES += [
    (code, f"Town {code}", 38.0, -95.0, 1)
    for code in [
        "AL",
        "AK",
        "AR",
        "CT",
        "DE",
        "HI",
        "ID",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "ND",
        "OK",
        "RI",
        "SC",
        "SD",
        "TN",
        "UT",
        "VT",
        "VA",
        "WV",
        "WI",
        "WY",
    ]
]
TYPES = ["shooting", "taser", "vehicle_as_weapon", "less_lethal", "arrest", "protest", "raid"]
AGENCIES = [
    ("ICE", "U.S. Immigration and Customs Enforcement", "federal"),
    ("USBP", "U.S. Border Patrol", "federal"),
    ("CBP", "U.S. Customs and Border Protection", "federal"),
    ("FBI", "Federal Bureau of Investigation", "federal"),
    ("USMS", "U.S. Marshals Service", "federal"),
    (None, "City Police Department", "local"),
    (None, "County Sheriff's Office", "local"),
    (None, "State Police", "state"),
]
CERTAINTIES = ["fact", "attributed", "reported", "alleged", "believed", "possible", "denied"]
ROLES = ["law_enforcement", "official", "witness", "family", "lawyer", "outlet", "advocate"]
GENRES = ["news", "news", "news", "opinion", "analysis", "press_release"]
OUTLETS = [f"Outlet {i:03d}" for i in range(200)]
WORDS = [
    "agents",
    "officers",
    "deputies",
    "shot",
    "fired",
    "man",
    "woman",
    "car",
    "street",
    "night",
    "witness",
    "said",
]


def _span(start: int, text: str) -> dict[str, Any]:
    return {"start": start, "end": start + len(text), "text": text}


def synthesize(path: Path, n_incidents: int, n_claims: int, seed: int = 7) -> dict[str, float]:
    """Fill a fresh, migrated SQLite file; returns how long each part took."""
    rng = random.Random(seed)
    open_store(path).close()  # the schema, by newsledger's migrations
    took: dict[str, float] = {}
    t0 = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA foreign_keys = OFF")
    weights = [s[4] for s in STATES]
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    day0 = date(2015, 1, 1)

    revisions: list[tuple[Any, ...]] = []
    articles: list[tuple[Any, ...]] = []
    mentions: list[tuple[Any, ...]] = []
    incidents: list[tuple[Any, ...]] = []
    facets: list[tuple[Any, ...]] = []
    plan: list[tuple[str, str, int, str]] = []  # (article hash, mention id, n claims, published)
    seq = 0
    n_articles = 0
    for i in range(n_incidents):
        incident_id = f"{i:016x}"
        code, city, lat, lon, _ = rng.choices(STATES, weights)[0]
        day = day0 + timedelta(days=rng.randrange(0, 4000))
        types = sorted(set(rng.sample(TYPES, rng.choice((1, 1, 2)))))
        agencies = rng.sample(AGENCIES, rng.choice((1, 2)))
        killed, injured = rng.choice((0, 0, 0, 1)), rng.choice((0, 1, 1, 2))
        reports = rng.choice((1, 1, 1, 2, 2, 3))
        outlets = rng.sample(OUTLETS, reports)
        genres = set()
        mention_ids = []
        published = []
        for r in range(reports):
            n_articles += 1
            seq += 1
            digest = hashlib.sha256(str(n_articles).encode()).hexdigest()
            when = datetime.combine(day + timedelta(days=r), datetime.min.time(), UTC)
            when_s = (when + timedelta(hours=rng.randrange(8, 22))).isoformat()
            published.append(when_s)
            genre = rng.choice(GENRES)
            genres.add(genre)
            text = (
                f"{city} — {' '.join(rng.choices(WORDS, k=30))}. "
                f"{agencies[0][1]} {' '.join(rng.choices(WORDS, k=20))}."
            )
            title = f"{types[0].replace('_', ' ').capitalize()} in {city} ({n_articles})"
            revisions.append(
                (seq, now, "bench", "article.added", json.dumps({"article": f"a{n_articles}"}))
            )
            analysis = {"schema": "newsledger.analysis/1", "article": {"id": f"a{n_articles}"}}
            articles.append(
                (
                    digest,
                    f"a{n_articles}",
                    seq,
                    "newsledger.analysis/1",
                    outlets[r],
                    title,
                    when_s,
                    when_s[:10],
                    text,
                    genre,
                    json.dumps(analysis),
                    now,
                )
            )
            mention_id = global_id(digest, "i1")
            mention_ids.append(mention_id)
            data = {
                "id": "i1",
                "role": "main",
                "types": types,
                "date": {
                    "value": str(day),
                    "granularity": "day",
                    "earliest": str(day),
                    "latest": str(day),
                    "time": None,
                    "timezone": None,
                    "evidence": [_span(0, city)],
                },
                "location": {
                    "name": f"{city}, {code}",
                    "city": city,
                    "county": None,
                    "state": code,
                    "country": "US",
                    "lat": lat,
                    "lon": lon,
                    "gazetteer_id": None,
                    "precision": "city",
                    "evidence": [_span(0, city)],
                },
                "agencies": [
                    {"name": n, "code": c, "parent": None, "level": lv, "evidence": []}
                    for c, n, lv in agencies
                ],
                "participants": [],
                "killed": killed,
                "injured": injured + (r % 2),  # later reports disagree now and then
                "weapons": [],
                "claims": [],
            }
            mentions.append(
                (
                    mention_id,
                    digest,
                    0,
                    "i1",
                    "main",
                    json.dumps(types),
                    str(day),
                    code,
                    city,
                    json.dumps(data),
                    incident_id,
                    when_s,
                )
            )
            plan.append((digest, mention_id, 0, when_s))
        summary = {
            "id": incident_id,
            "title": f"{types[0].replace('_', ' ').capitalize()} in {city}",
            "types": types,
            "agencies": [
                {"name": n, "code": c, "parent": None, "level": lv} for c, n, lv in agencies
            ],
        }
        incidents.append(
            (
                incident_id,
                "active",
                "bench",
                now,
                now,
                min(published),
                max(published),
                str(day),
                code,
                city,
                lat,
                lon,
                killed,
                injured,
                reports,
                1 if reports > 1 else 0,
                "view.most_specific.v1",
                json.dumps(summary),
            )
        )
        rows = {("state", code), ("city", f"{city}, {code}")}
        rows |= {("type", t) for t in types}
        rows |= {("agency", c or n) for c, n, _ in agencies}
        if killed:
            rows.add(("outcome", "killed"))
        if injured:
            rows.add(("outcome", "injured"))
        rows |= {("certainty", c) for c in rng.sample(CERTAINTIES, 2)}
        rows |= {("genre", g) for g in genres}
        rows |= {("outlet", o) for o in outlets}
        facets.extend((incident_id, f, v) for f, v in rows)
        seq += 1
        revisions.append(
            (
                seq,
                now,
                "bench",
                "incident.created",
                json.dumps({"incident": incident_id, "mentions": mention_ids}),
            )
        )
    took["generate incidents"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    db.executemany(
        "INSERT INTO revisions (seq, at, actor, action, subject) VALUES (?, ?, ?, ?, ?)",
        revisions,
    )
    db.executemany(
        "INSERT INTO articles (content_hash, id, added_seq, schema, outlet, title, published_at, "
        "published_day, text, genre, analysis, ingested_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        articles,
    )
    db.executemany(
        "INSERT INTO incidents (id, status, rule, created_at, updated_at, first_reported, "
        "last_reported, date_value, state, city, lat, lon, killed, injured, n_articles, "
        "n_conflicts, view, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        incidents,
    )
    db.executemany(
        "INSERT INTO incident_mentions (id, article_hash, idx, local_id, role, types, date_value, "
        "location_state, location_city, data, incident_id, published_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        mentions,
    )
    db.executemany(
        "INSERT INTO incident_facets (incident_id, facet, value) VALUES (?, ?, ?)", facets
    )
    db.commit()
    took["insert incidents, articles, facets"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    per_article = n_claims / max(len(plan), 1)
    made = 0
    batch: list[tuple[Any, ...]] = []
    for k, (digest, mention_id, _, when_s) in enumerate(plan):
        target = round(per_article * (k + 1))
        for j in range(target - made):
            certainty = rng.choice(CERTAINTIES)
            role = rng.choice(ROLES)
            source = None if role == "outlet" else f"Source {rng.randrange(5000)}"
            content = " ".join(rng.choices(WORDS, k=12))
            data = {
                "id": f"c{j + 1}",
                "content": [_span(0, content)],
                "cue": _span(len(content) + 2, "said"),
                "source": {"span": None, "name": source, "kind": "person", "role": role}
                if source
                else None,
                "quote": "indirect",
                "certainty": certainty,
                "polarity": "affirmed",
                "in_opinion": False,
                "incident": "i1",
            }
            batch.append(
                (
                    global_id(digest, f"c{j + 1}"),
                    digest,
                    j,
                    f"c{j + 1}",
                    json.dumps(data["content"]),
                    content,
                    "said",
                    source,
                    "person" if source else None,
                    role if source else None,
                    "indirect",
                    certainty,
                    "affirmed",
                    0,
                    mention_id,
                    json.dumps(data),
                    "bench",
                    when_s,
                )
            )
        made = target
        if len(batch) >= 50_000:
            _insert_claims(db, batch)
            batch = []
    _insert_claims(db, batch)
    db.commit()
    took["claims"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    db.execute("ANALYZE")
    db.commit()
    db.close()
    took["ANALYZE"] = time.perf_counter() - t0
    return took


def _insert_claims(db: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    db.executemany(
        "INSERT INTO claims (id, article_hash, idx, local_id, content, content_text, cue_text, "
        "source_name, source_kind, source_role, quote, certainty, polarity, in_opinion, "
        "incident_mention_id, data, extractor, published_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        return {
            t: int(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("incidents", "incident_facets", "articles", "claims", "revisions")
        }
    finally:
        db.close()


# --- timing -------------------------------------------------------------------------------------


def two_filter_urls(rng: random.Random, n: int) -> list[str]:
    common = [s[0] for s in STATES[:15]]
    makers = [
        lambda: f"state={rng.choice(common)}&type={rng.choice(TYPES)}",
        lambda: f"state={rng.choice(common)}&agency={rng.choice(['ICE', 'USBP', 'FBI'])}",
        lambda: f"type={rng.choice(TYPES)}&outcome={rng.choice(['killed', 'injured'])}",
        lambda: f"agency={rng.choice(['ICE', 'USBP', 'CBP'])}&certainty={rng.choice(CERTAINTIES)}",
        lambda: f"state={rng.choice(common)}&date_from={2015 + rng.randrange(9)}-01-01",
    ]
    return [f"/api/incidents?{rng.choice(makers)()}" for _ in range(n)]


def time_requests(client: httpx.Client, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        t0 = time.perf_counter()
        r = client.get(url)
        r.read()
        out.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{url}: {r.status_code} {r.text[:300]}")
    return out


def summary(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ms),
        "p50": statistics.median(ordered),
        "p95": p95,
        "max": ordered[-1],
    }


def serve_and_time(path: Path, n_requests: int, seed: int = 11) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    with open_store(path) as store:
        app = create_app(store)
        with socket_port() as port:
            config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
            server = uvicorn.Server(config)
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            while not server.started:
                time.sleep(0.05)
            try:
                base = f"http://127.0.0.1:{port}"
                with httpx.Client(base_url=base, timeout=60) as client:
                    n_inc = counts(path)["incidents"]
                    ids = [f"{rng.randrange(n_inc):016x}" for _ in range(n_requests)]
                    time_requests(client, two_filter_urls(rng, 10) + ["/api/incidents"] * 3)
                    time_requests(client, [f"/api/incidents/{i}" for i in ids[:5]])
                    kinds = {
                        "list, two filters (JSON)": two_filter_urls(rng, n_requests),
                        "list, no filter (JSON)": ["/api/incidents"] * max(n_requests // 4, 10),
                        "list page, two filters, with facets and chart (HTML)": [
                            u.replace("/api/incidents", "/incidents")
                            for u in two_filter_urls(rng, max(n_requests // 4, 10))
                        ],
                        "incident (JSON)": [f"/api/incidents/{i}" for i in ids],
                        "incident with claims, articles, timeline (JSON)": [
                            f"/api/incidents/{i}?extra=claims,articles,timeline"
                            for i in ids[: max(n_requests // 2, 10)]
                        ],
                        "incident with history (JSON)": [
                            f"/api/incidents/{i}?extra=history" for i in ids[:20]
                        ],
                        "incident page (HTML)": [
                            f"/incidents/{i}" for i in ids[: max(n_requests // 2, 10)]
                        ],
                    }
                    return {
                        kind: summary(time_requests(client, urls)) for kind, urls in kinds.items()
                    }
            finally:
                server.should_exit = True
                thread.join(timeout=10)


class socket_port:
    def __enter__(self) -> int:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        return None


# --- report -------------------------------------------------------------------------------------


def render(
    results: dict[str, dict[str, float]],
    built: dict[str, float],
    sizes: dict[str, int],
    args: argparse.Namespace,
) -> str:
    cpus = os.cpu_count()
    lines = [
        "## Serving: the JSON API and the pages (`bench/bench_serve.py`)",
        "",
        "A synthetic ledger in one SQLite file, served by uvicorn on 127.0.0.1 in the benchmark's "
        "process and asked over HTTP with keep-alive, one request at a time; each figure is the "
        "whole round trip. Targets: the incident list with two filters p95 < 50 ms, an incident "
        "page p95 < 100 ms.",
        "",
        f"- command: `python bench/bench_serve.py --incidents {args.incidents} --claims "
        f"{args.claims} --requests {args.requests}{' --write' if args.write else ''}`",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {cpus} cores, {platform.platform()}, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        "- data: "
        + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in sizes.items())
        + (
            f" (built in {sum(built.values()):.0f} s)"
            if built
            else " (built by an earlier run, timed again with `--reuse`)"
        ),
        "",
        "| request | n | p50 (ms) | p95 (ms) | max (ms) | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    targets = {
        "list, two filters (JSON)": 50.0,
        "incident (JSON)": 100.0,
        "incident page (HTML)": 100.0,
    }
    for kind, s in results.items():
        target = targets.get(kind)
        mark = ""
        if target is not None:
            mark = f"p95 < {target:.0f} ms: " + ("met" if s["p95"] < target else "**missed**")
        lines.append(
            f"| {kind} | {s['n']:.0f} | {s['p50']:.1f} | {s['p95']:.1f} | {s['max']:.1f} | {mark} |"
        )
    lines += [
        "",
        "Two filters are random pairs of state, type, agency, outcome, certainty and a date "
        "bound. A page is a keyset read of the cached `incidents` columns; on SQLite, "
        "`store/queries.py` picks the plan per request from the facets' sizes: walk the date "
        "index and probe each incident's facets by primary key (broad filters: stops after 50 "
        "matches), or start from the smallest facet's rows and probe the others (rare "
        "matches). The HTML list page adds a count, the facet counts and the per-month chart "
        "over the same selection: slow for broad selections (the counts read every facet row "
        "of every matching incident), and not part of the targets. The incident routes "
        "compute the record from its mentions and claims under the view at each request "
        "(`newsledger.resolve.views`); the incident page shows the record, every reported value "
        "with its claims, the articles and the timeline. `extra=history` (and the page "
        "`/incidents/{id}/history`) adds the incident's revisions: slow, because "
        "`newsledger.resolve.views.incident_revisions` reads the whole revision log and "
        "filters it in Python; the incident page links to its history instead.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=300, help="requests per kind (some use fewer)")
    ap.add_argument(
        "--db", type=Path, help="keep the synthetic database here (default: a temp file)"
    )
    ap.add_argument("--reuse", action="store_true", help="time an existing --db without rebuilding")
    ap.add_argument("--write", action="store_true", help="write the figures to docs/performance.md")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench-serve.db"
        built: dict[str, float] = {}
        if not (args.reuse and path.exists()):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            print(f"building {args.incidents:,} incidents and {args.claims:,} claims in {path} …")
            built = synthesize(path, args.incidents, args.claims)
            for part, seconds in built.items():
                print(f"  {part}: {seconds:.1f} s")
        sizes = counts(path)
        print("timing …")
        results = serve_and_time(path, args.requests)
    for kind, s in results.items():
        print(
            f"{kind:55s} n={s['n']:4.0f} p50={s['p50']:7.1f} p95={s['p95']:7.1f} max={s['max']:7.1f} ms"
        )
    text = render(results, built, sizes, args)
    if args.write:
        replace_section("serve", text)
        print(f"wrote {PERFORMANCE}")


if __name__ == "__main__":
    main()
