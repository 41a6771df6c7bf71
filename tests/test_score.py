"""resolve.score.v2: keys from analyses, blocking and the pairwise score, on hand-written data."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from newsledger.resolve import score as S


def _mention(text: str, needle: str, label: str = "PERSON", nth: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return {"start": start, "end": start + len(needle), "text": needle, "label": label}


def make_analysis(
    text: str,
    *,
    title: str = "",
    published: str = "2016-03-21T12:00:00+00:00",
    content_hash: str = "h1",
    people: tuple[str, ...] = (),
    date: str | None = "2016-03-20",
    city: str | None = "Salisbury",
    state: str | None = "NC",
    killed: int | None = 1,
) -> dict[str, Any]:
    mentions = [_mention(text, p) for p in people]
    return {
        "article": {
            "content_hash": content_hash,
            "title": title,
            "published_at": published,
            "text": text,
        },
        "sentences": [{"start": 0, "end": len(text), "label": "reporting"}],
        "mentions": mentions,
        "claims": [],
        "incidents": [
            {
                "id": "i1",
                "role": "main",
                "types": ["shooting"],
                "date": {
                    "value": date,
                    "granularity": "day" if date else None,
                    "earliest": date,
                    "latest": date,
                },
                "location": {"city": city, "state": state, "lat": None, "lon": None},
                "agencies": [],
                "participants": [],
                "killed": killed,
                "injured": 0,
            }
        ],
    }


TEXT_A = (
    "A 7-year-old girl, Jaden Carter, was killed Sunday when shots were fired into a home on "
    "Maple Street in Salisbury. Police Chief Rory Collins said Jaden Carter was asleep."
)
TEXT_B = (
    "Jaden Carter, 7, died after someone fired into her grandmother's house on Maple Street. "
    "Her grandmother was hurt."
)
TEXT_C = (
    "A 45-year-old man, Tom Wills, was shot outside a bar on Main Street in Salisbury early "
    "Sunday. Wills was taken to hospital."
)


def key_a() -> S.MentionKey:
    analysis = make_analysis(
        TEXT_A,
        title="7-year-old girl killed in Salisbury",
        people=("Jaden Carter", "Rory Collins"),
    )
    return S.key_from_analysis(analysis, 0, "a:0")


def key_b() -> S.MentionKey:
    analysis = make_analysis(
        TEXT_B,
        title="Girl, 7, dies after shots hit home",
        content_hash="h2",
        people=("Jaden Carter",),
    )
    return S.key_from_analysis(analysis, 0, "b:0")


def key_c() -> S.MentionKey:
    analysis = make_analysis(
        TEXT_C,
        title="Man shot outside bar",
        content_hash="h3",
        people=("Tom Wills",),
        date="2016-03-27",
    )
    return S.key_from_analysis(analysis, 0, "c:0")


def test_key_keeps_the_distinctive_details() -> None:
    key = key_a()
    assert key.names == ("jaden carter",)  # the police chief is left out
    assert 7 in key.ages
    assert "maple street" in key.places
    assert (key.day_lo, key.day_hi, key.date_value) == ("2016-03-20", "2016-03-20", "2016-03-20")
    assert key.dated and not key.follow_up


def test_state_only_when_the_article_writes_it() -> None:
    assert key_a().state is None  # "Salisbury" alone: NC is the gazetteer's guess
    assert key_a().state_guess == "NC"
    written = make_analysis("Shots hit a home in SALISBURY, N.C., on Sunday.")
    assert S.key_from_analysis(written, 0, "w:0").state == "NC"


def test_same_city_date_and_names_score_above_threshold() -> None:
    result = S.score(key_a(), key_b())
    assert result.total >= S.THRESHOLD
    assert result.parts["names"] > 0 and result.parts["date"] > 0


def test_other_people_and_a_week_apart_score_below_threshold() -> None:
    a, c = key_a(), key_c()
    assert S.score(a, c).total < S.THRESHOLD
    far_city = replace(key_b(), city="Raleigh", date_value="2016-03-25", names=("ann lee",))
    assert S.score(a, far_city).total < S.THRESHOLD


def test_score_is_symmetric_and_bounded() -> None:
    keys = [key_a(), key_b(), key_c()]
    for x in keys:
        for y in keys:
            forward, backward = S.score(x, y), S.score(y, x)
            assert forward == backward
            assert 0.0 <= forward.total <= 1.0


def test_candidates_symmetric_and_blocking() -> None:
    a, b, c = key_a(), key_b(), key_c()
    assert S.candidates(a, b) and S.candidates(b, a)
    assert not S.candidates(a, c) and not S.candidates(c, a)  # a week apart
    assert not S.candidates(a, replace(b, article=a.article))  # one article
    assert not S.candidates(replace(a, state="NC"), replace(b, state="MD"))
    assert S.candidates(replace(a, state="NC"), b)  # an unwritten state blocks nothing


def test_candidates_no_looser_than_the_store_query() -> None:
    """The store fetches rows whose window overlaps window(k) and whose state matches or is
    null; candidates() must never accept a pair that query would not fetch."""
    a, b = key_a(), key_b()
    for other in (b, replace(b, day_lo="2016-03-30", day_hi="2016-04-02"), replace(b, state="MD")):
        for x, y in ((a, other), (other, a)):
            if S.candidates(x, y):
                lo, hi = S.window(x)
                assert y.day_lo <= hi and y.day_hi >= lo
                assert x.state is None or y.state is None or x.state == y.state


def test_follow_up_window_reaches_back() -> None:
    analysis = make_analysis(
        "Jaden Carter's neighbor was charged Monday with murder.",
        title="Neighbor charged in killing of girl, 7",
        published="2016-04-11T12:00:00+00:00",
        date="2016-04-11",
        people=("Jaden Carter",),
    )
    key = S.key_from_analysis(analysis, 0, "f:0")
    assert key.follow_up
    assert key.day_lo <= "2016-03-20" <= key.day_hi
    assert S.candidates(key, replace(key_a(), article="other"))


def test_undated_mention_looks_back_from_publication() -> None:
    key = S.key_from_analysis(make_analysis("Shots were fired.", date=None), 0, "u:0")
    assert not key.dated and key.date_value is None
    assert key.day_hi == "2016-03-21"
    assert key.day_lo == "2016-03-07"


def test_json_round_trip() -> None:
    key = key_a()
    data = json.loads(json.dumps(key.to_json()))
    assert S.MentionKey.from_json(data) == key
    assert S.MentionKey.from_json({**data, "unknown_field": 1}) == key


def test_key_is_compact() -> None:
    long_text = " ".join(f"Word{i} Person{i} Smith{i}." for i in range(500))
    people = tuple(f"Person{i} Smith{i}" for i in range(100))
    key = S.key_from_analysis(make_analysis(long_text, people=people), 0, "l:0")
    assert len(key.names) <= S.MAX_NAMES
    assert len(key.words) <= S.MAX_WORDS
    assert len(key.places) <= S.MAX_PLACES
