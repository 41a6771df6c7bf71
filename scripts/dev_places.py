"""Develop the main incident's place (``newsledger.nlp.places``): score it and list the errors.

    .venv/bin/python scripts/dev_places.py gva --split train [--errors] [--limit N]
    .venv/bin/python scripts/dev_places.py gva --split dev
    .venv/bin/python scripts/dev_places.py gvdb --split dev

Each article is parsed once with the spaCy pipeline (newsledger's own components off) and the
parses are cached under ``/tmp/newsledger-dev-places/`` (never in the repository), so a change to
``places.py`` is scored in seconds. The place is taken as the pipeline takes it
(``incidents.extract_incidents``: the main incident's ``location``) and scored as
``newsledger eval gva --grouping article`` and ``newsledger eval gvdb`` score it (state: USPS
code; city: GVA's ``city_or_county`` alternatives, GVDB's city span, folded). Before the place is
read, each cached parse gets newsledger's sentences, sentence labels and mentions, as in the
pipeline (the labeller's boilerplate marks change what the places read), so the numbers match
the eval's; the claims component, which the place never reads, is left out.
Data is read from ``../shared/datasets`` (override with ``--data``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from spacy.tokens import Doc, DocBin

from newsledger.article import with_headline
from newsledger.eval.common import incident_city, norm_place
from newsledger.eval.gva import city_alternatives
from newsledger.eval.gvdb import unglue_title
from newsledger.nlp import incidents, labels, places
from newsledger.nlp.components import MENTIONS, PARAGRAPHS, SENTENCES
from newsledger.nlp.pipeline import NEWSLEDGER_COMPONENTS, Analyzer

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets"
CACHE = Path("/tmp/newsledger-dev-places")


def load_items(data: Path, task: str, split: str) -> list[dict[str, Any]]:
    """Articles with their gold state and accepted city names, in one shape for both tasks."""
    items = []
    if task == "gva":
        gold = {}
        for line in (data / "gva" / "incidents.jsonl").read_text().splitlines():
            record = json.loads(line)
            gold[record["incident_id"]] = record
        for line in (data / "gva" / "articles.jsonl").read_text().splitlines():
            row = json.loads(line)
            if row["split"] != split:
                continue
            g = gold.get(row["incident_id"]) or {}
            city = g.get("city_or_county")
            items.append(
                {
                    "id": row["id"],
                    "incident": row["incident_id"],
                    "text": with_headline(row["text"], row.get("title")),  # as the eval
                    "title": row.get("title"),
                    "published": row.get("published"),
                    "url": row.get("original_url") or row.get("url"),
                    "state": g.get("state_code"),
                    "cities": city_alternatives(city) if city else set(),
                    "gold_city": city,
                }
            )
    else:
        for line in (data / "gvdb" / "dev.jsonl").read_text().splitlines():
            row = json.loads(line)
            g = row["gold"]
            city = (g.get("city") or {}).get("value")
            folded = norm_place(city)
            items.append(
                {
                    "id": row["id"],
                    "incident": row["id"],
                    "text": unglue_title(row["text"], row.get("title")),
                    "title": row.get("title"),
                    "published": row.get("published"),
                    "url": row.get("url"),
                    "state": g.get("state_code"),
                    "cities": {folded} if folded else set(),
                    "gold_city": city,
                }
            )
    return items


# newsledger's components the place reads, run on each cached parse in pipeline order
BEFORE_PLACES = (SENTENCES, labels.LABELS, MENTIONS)


def parsed(an: Analyzer, items: list[dict[str, Any]], key: str) -> list[Doc]:
    """The spaCy parses of the items' texts, from the cache when it holds these texts."""
    digest = hashlib.sha256("\0".join(i["text"] for i in items).encode()).hexdigest()[:16]
    path = CACHE / f"{key}-{an.model_name}-{digest}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(an.nlp.vocab))
    texts = [i["text"] for i in items]
    # the paragraphs component sets sentence starts before the parser: it stays on
    off = [c for c in NEWSLEDGER_COMPONENTS if c in an.nlp.pipe_names and c != PARAGRAPHS]
    with an.nlp.select_pipes(disable=off):
        docs = list(an.nlp.pipe(texts, batch_size=16))
    CACHE.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("task", choices=["gva", "gvdb"])
    p.add_argument("--split", default="dev")
    p.add_argument("--data", default=str(DATA))
    p.add_argument("--limit", type=int)
    p.add_argument("--errors", action="store_true", help="list each article with a wrong place")
    p.add_argument(
        "--no-url",
        action="store_true",
        help="leave out the article's url (the outlet prior), which the pipeline passes",
    )
    p.add_argument("--dump", help="write each article's place and whether it is right (JSON lines)")
    args = p.parse_args()
    dump = []
    items = load_items(Path(args.data), args.task, args.split)[: args.limit]
    an = Analyzer()
    places.load_gazetteer()
    incidents.load_types()
    docs = parsed(an, items, f"{args.task}-{args.split}")
    # the eval scores one article per gold incident (with --grouping article: its first)
    scored: dict[Any, list[bool]] = {}
    state_hits = state_total = city_hits = city_total = 0
    t0 = time.perf_counter()
    for item, doc in zip(items, docs, strict=True):
        url = None if args.no_url else item["url"]
        doc._.nl_published = item["published"]
        doc._.nl_url = url
        doc._.nl_title = item["title"]  # the headline's site name is no place (as the pipeline)
        for name in BEFORE_PLACES:
            doc = an.nlp.get_pipe(name)(doc)
        found = incidents.extract_incidents(doc, item["published"], url)
        loc = (found[0].get("location") if found else None) or {}
        state_ok = bool(item["state"]) and (loc.get("state") or "").upper() == item["state"]
        city_ok = norm_place(incident_city({"location": loc})) in item["cities"]
        state_total += bool(item["state"])
        state_hits += state_ok
        city_total += bool(item["cities"])
        city_hits += city_ok and bool(item["cities"])
        scored.setdefault(
            item["incident"], [bool(item["state"]), state_ok, bool(item["cities"]), city_ok]
        )
        dump.append(
            {
                "id": item["id"],
                "state": loc.get("state"),
                "city": loc.get("city"),
                "state_ok": state_ok,
                "city_ok": city_ok,
                "gold": [item["state"], item["gold_city"]],
            }
        )
        if args.errors and ((item["state"] and not state_ok) or (item["cities"] and not city_ok)):
            evidence = "; ".join(e["text"] for e in loc.get("evidence", []))
            named = ", ".join(
                f"{m.name}{'/' + m.state_hint if m.state_hint else ''}"
                for m in places.find_places(doc)
            )
            print(
                f"{str(item['id'])[:8]} {urlparse(item['url'] or '').netloc}\n"
                f"  gold {item['state']} {item['gold_city']!r}\n"
                f"  pred {loc.get('state')} {loc.get('city')!r} ({loc.get('precision')}) "
                f"from {evidence!r}\n  named: {named}\n  head: {doc.text[:160]!r}"
            )
    took = time.perf_counter() - t0
    if args.dump:
        Path(args.dump).write_text("".join(json.dumps(d) + "\n" for d in dump))
    print(
        f"{args.task} {args.split}: state {state_hits / max(state_total, 1):.3f} "
        f"({state_hits}/{state_total}), city {city_hits / max(city_total, 1):.3f} "
        f"({city_hits}/{city_total}); incidents {took:.1f}s for {len(items)} articles"
    )
    if args.task == "gva":
        rows = list(scored.values())
        st, sh = sum(r[0] for r in rows), sum(r[1] for r in rows)
        ct, ch = sum(r[2] for r in rows), sum(r[2] and r[3] for r in rows)
        print(
            f"  as the eval scores it (first article per incident): state {sh / max(st, 1):.3f}, "
            f"city {ch / max(ct, 1):.3f} ({len(rows)} incidents)"
        )


if __name__ == "__main__":
    main()
