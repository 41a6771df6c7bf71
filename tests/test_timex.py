"""Time expressions resolved against the publication time and the place's zone
(newsledger.nlp.timex, incidents.time.v1). Expressions and sentences written for these tests."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import pytest

from newsledger.nlp import timex
from newsledger.nlp.pipeline import Analyzer
from newsledger.nlp.timex import combine, publication_day, resolve_expression

FRI = "2026-01-09"  # a Friday
LA = "America/Los_Angeles"
SAT17 = "2026-01-17"


def _fields(text: str, published: str = FRI, **kw: object) -> tuple[object, ...] | None:
    v = resolve_expression(text, published, **kw)  # type: ignore[arg-type]
    if v is None:
        return None
    return (v.value, v.granularity, v.earliest, v.latest, v.time)


# (expression, publication, tense, expected (value, granularity, earliest, latest, time))
CASES = [
    ("Thursday", FRI, None, ("2026-01-08", "day", "2026-01-08", "2026-01-08", None)),
    ("on Thursday", FRI, "past", ("2026-01-08", "day", "2026-01-08", "2026-01-08", None)),
    ("Friday", FRI, None, ("2026-01-09", "day", "2026-01-09", "2026-01-09", None)),
    ("Saturday", FRI, None, ("2026-01-03", "day", "2026-01-03", "2026-01-03", None)),
    ("Thursday", FRI, "future", ("2026-01-15", "day", "2026-01-15", "2026-01-15", None)),
    ("last Friday", FRI, None, ("2026-01-02", "day", "2026-01-02", "2026-01-02", None)),
    ("next Tuesday", FRI, None, ("2026-01-13", "day", "2026-01-13", "2026-01-13", None)),
    ("today", FRI, None, ("2026-01-09", "day", "2026-01-09", "2026-01-09", None)),
    ("yesterday", FRI, None, ("2026-01-08", "day", "2026-01-08", "2026-01-08", None)),
    ("tomorrow", FRI, None, ("2026-01-10", "day", "2026-01-10", "2026-01-10", None)),
    ("last night", FRI, None, ("2026-01-08", "day", "2026-01-08", "2026-01-08", None)),
    ("this morning", FRI, None, ("2026-01-09", "day", "2026-01-09", "2026-01-09", None)),
    ("two days ago", FRI, None, ("2026-01-07", "day", "2026-01-07", "2026-01-07", None)),
    ("overnight", FRI, None, (None, "day", "2026-01-08", "2026-01-09", None)),
    ("Friday evening", FRI, None, ("2026-01-09", "day", "2026-01-09", "2026-01-09", None)),
    ("early Sunday", "2026-01-05", None, ("2026-01-04", "day", "2026-01-04", "2026-01-04", None)),
    ("this week", FRI, None, (None, "week", "2026-01-05", "2026-01-09", None)),
    ("earlier this week", FRI, None, (None, "week", "2026-01-05", "2026-01-09", None)),
    ("later this week", "2026-01-06", None, (None, "week", "2026-01-06", "2026-01-11", None)),
    ("last week", FRI, None, (None, "week", "2025-12-29", "2026-01-04", None)),
    ("last weekend", FRI, None, (None, "week", "2026-01-03", "2026-01-04", None)),
    ("earlier this month", FRI, None, ("2026-01-01", "month", "2026-01-01", "2026-01-09", None)),
    ("this month", FRI, "future", ("2026-01-01", "month", "2026-01-09", "2026-01-31", None)),
    ("last month", FRI, None, ("2025-12-01", "month", "2025-12-01", "2025-12-31", None)),
    ("in December", FRI, None, ("2025-12-01", "month", "2025-12-01", "2025-12-31", None)),
    ("in March", FRI, "future", ("2026-03-01", "month", "2026-03-01", "2026-03-31", None)),
    ("earlier this year", FRI, None, ("2026-01-01", "year", "2026-01-01", "2026-01-09", None)),
    ("last year", FRI, None, ("2025-01-01", "year", "2025-01-01", "2025-12-31", None)),
    ("on Jan. 7", FRI, None, ("2026-01-07", "day", "2026-01-07", "2026-01-07", None)),
    ("Jan. 7", FRI, None, ("2026-01-07", "day", "2026-01-07", "2026-01-07", None)),
    ("the January 7", FRI, None, ("2026-01-07", "day", "2026-01-07", "2026-01-07", None)),
    ("January 7, 2026", FRI, None, ("2026-01-07", "day", "2026-01-07", "2026-01-07", None)),
    ("7 January 2026", FRI, None, ("2026-01-07", "day", "2026-01-07", "2026-01-07", None)),
    ("Jan. 12", FRI, None, ("2025-01-12", "day", "2025-01-12", "2025-01-12", None)),
    ("Jan. 12", FRI, "future", ("2026-01-12", "day", "2026-01-12", "2026-01-12", None)),
    ("1/7/2026", FRI, None, ("2026-01-07", "day", "2026-01-07", "2026-01-07", None)),
    ("in 2017", FRI, None, ("2017-01-01", "year", "2017-01-01", "2017-12-31", None)),
    ("in October 2017", FRI, None, ("2017-10-01", "month", "2017-10-01", "2017-10-31", None)),
    ("Oct. 2017", FRI, None, ("2017-10-01", "month", "2017-10-01", "2017-10-31", None)),
    ("2:19 p.m.", FRI, None, (None, None, None, None, "14:19")),
    ("about 7:45 a.m.", FRI, None, (None, None, None, None, "07:45")),
    ("12:22 a.m.", FRI, None, (None, None, None, None, "00:22")),
    ("noon", FRI, None, (None, None, None, None, "12:00")),
    ("shortly before 3 p.m.", FRI, None, (None, None, None, None, "15:00")),
    ("about 11:40 p.m. Saturday", "2026-01-18", None, (SAT17, "day", SAT17, SAT17, "23:40")),
    ("11:40 Saturday night", "2026-01-18", None, (SAT17, "day", SAT17, SAT17, "23:40")),
    # year boundaries: the nearest past occurrence may be last year, the nearest future next year
    ("Dec. 30", "2026-01-02", None, ("2025-12-30", "day", "2025-12-30", "2025-12-30", None)),
    ("Jan. 2", "2025-12-30", "future", ("2026-01-02", "day", "2026-01-02", "2026-01-02", None)),
    ("last month", "2026-01-02", None, ("2025-12-01", "month", "2025-12-01", "2025-12-31", None)),
    ("this week", "2026-01-02", None, (None, "week", "2025-12-29", "2026-01-02", None)),
    ("Wednesday", "2026-01-02", None, ("2025-12-31", "day", "2025-12-31", "2025-12-31", None)),
    ("Feb. 29", "2026-03-01", None, ("2024-02-29", "day", "2024-02-29", "2024-02-29", None)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "published", "tense", "expected"), CASES)
def test_resolve_expression_table(
    text: str, published: str, tense: timex.Tense, expected: tuple[object, ...]
) -> None:
    assert _fields(text, published, state="OR", tense=tense) == expected


@pytest.mark.parametrize(
    "text",
    ["four days", "since 2017", "every Friday", "the past week", "for the past two years",
     "36 years old", "several years", "decades", "afternoon", ""],
)  # fmt: skip
def test_not_dates_resolve_to_none(text: str) -> None:
    assert resolve_expression(text, FRI, state="OR") is None


def test_hedge_is_kept_as_flag() -> None:
    v = resolve_expression("shortly before 3 p.m.", FRI, state="OR")
    assert v is not None
    assert (v.time, v.hedge, v.approximate) == ("15:00", "shortly before", True)
    exact = resolve_expression("2:19 p.m.", FRI, state="OR")
    assert exact is not None and exact.hedge is None and not exact.approximate


def test_part_of_day_is_kept() -> None:
    v = resolve_expression("Friday evening", FRI)
    assert v is not None and v.part_of_day == "evening"
    v = resolve_expression("last night", FRI)
    assert v is not None and v.part_of_day == "night"


def test_named_zone_and_guessed_meridiem() -> None:
    v = resolve_expression("2:19 Pacific Time", FRI, state="MN")
    assert v is not None
    assert (v.time, v.timezone) == ("14:19", LA)
    assert "meridiem_guessed" in v.flags
    # Mountain time named for an Arizona place keeps Arizona's zone (no daylight saving)
    v = resolve_expression("9:05 a.m. Mountain Time", FRI, state="AZ")
    assert v is not None and (v.time, v.timezone, v.flags) == ("09:05", "America/Phoenix", ())
    v = resolve_expression("3:10 p.m. ET", FRI)
    assert v is not None and v.timezone == "America/New_York"


def test_timezone_comes_from_the_state() -> None:
    v = resolve_expression("Thursday", FRI, state="or")
    assert v is not None and v.timezone == LA
    v = resolve_expression("Thursday", FRI)
    assert v is not None and v.timezone is None


def test_weekday_that_contradicts_the_date_is_flagged() -> None:
    v = resolve_expression("Thursday, Jan. 9", FRI)
    assert v is not None and v.value == "2026-01-09" and "weekday_mismatch" in v.flags
    v = resolve_expression("Thursday, Jan. 8", FRI)
    assert v is not None and v.flags == ()


def test_evidence_carries_offsets() -> None:
    v = resolve_expression("Thursday afternoon", FRI, start=40)
    assert v is not None
    assert v.evidence[0].to_dict() == {"start": 40, "end": 58, "text": "Thursday afternoon"}
    d = v.to_dict()
    assert set(d) >= {"value", "granularity", "earliest", "latest", "time", "timezone", "evidence"}


# Publication timestamps in another zone than the place are converted first.


def test_publication_in_utc_converted_to_place_day() -> None:
    # 05:30 UTC on Friday is still Thursday evening in Portland
    assert publication_day("2026-01-09T05:30:00+00:00", state="OR").isoformat() == "2026-01-08"
    assert _fields("yesterday", "2026-01-09T05:30:00Z", state="OR") == (
        "2026-01-07", "day", "2026-01-07", "2026-01-07", None,
    )  # fmt: skip
    # without a state the timestamp's own day is used
    assert publication_day("2026-01-09T05:30:00+00:00").isoformat() == "2026-01-09"
    # an East Coast timestamp for a West Coast place
    assert publication_day("2026-01-09T01:15:00-05:00", state="WA").isoformat() == "2026-01-08"


def test_dst_start_edge() -> None:
    # 2026-03-08 02:00 PST -> PDT. 07:30 UTC on 9 March is 00:30 PDT (Monday); with standard
    # time it would still be Sunday.
    assert publication_day("2026-03-09T07:30:00Z", state="OR").isoformat() == "2026-03-09"
    v = resolve_expression("yesterday", "2026-03-09T07:30:00Z", state="OR")
    assert v is not None and v.value == "2026-03-08"
    # 06:30 UTC is 23:30 PDT on Sunday 8 March
    assert publication_day("2026-03-09T06:30:00Z", state="OR").isoformat() == "2026-03-08"


def test_dst_end_edge() -> None:
    # 2026-11-01 02:00 PDT -> PST. 07:30 UTC on 2 November is 23:30 PST on Sunday 1 November;
    # with daylight time it would be Monday.
    assert publication_day("2026-11-02T07:30:00Z", state="CA").isoformat() == "2026-11-01"
    v = resolve_expression("Monday", "2026-11-02T07:30:00Z", state="CA")
    assert v is not None and v.value == "2026-10-26"


def test_arizona_has_no_dst() -> None:
    # 06:30 UTC on 1 July: 23:30 on 30 June in Phoenix (UTC-7), 00:30 on 1 July in Denver (UTC-6)
    assert publication_day("2026-07-01T06:30:00Z", state="AZ").isoformat() == "2026-06-30"
    assert publication_day("2026-07-01T06:30:00Z", state="CO").isoformat() == "2026-07-01"


def test_bad_publication_time_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="publication time"):
        resolve_expression("Thursday", "last Friday")


def test_combine_date_and_clock() -> None:
    day = resolve_expression("Thursday", FRI, state="OR", start=10)
    clock = resolve_expression("about 2:19 p.m.", FRI, state="OR", start=30)
    assert day is not None and clock is not None
    both = combine(day, clock)
    assert (both.value, both.time, both.hedge, both.timezone) == (
        "2026-01-08",
        "14:19",
        "about",
        LA,
    )
    assert [s.start for s in both.evidence] == [10, 30]


def test_timezone_table_shape() -> None:
    data = json.loads(timex.TIMEZONES_FILE.read_text(encoding="utf-8"))
    assert data["_about"] and data["version"] == timex.load_timezones().version
    states = data["states"]
    assert len(states) >= 51  # 50 states and DC, plus territories
    for zone in [*states.values(), *data["multi_zone"].values()]:
        ZoneInfo(zone)  # every zone exists in the installed tz database
    for code in data["multi_zone"]:
        assert code in states and code in data["_about"]
    assert timex.data_versions() == {"gazetteers.timezones": data["version"]}


# Over a parsed document: the NER finds the spans, timex normalises them.

ARTICLE = (
    "Deputies shot a man outside a grocery store in Bend on Thursday afternoon, the sheriff "
    "said. The shooting happened at about 4:05 p.m., according to a statement. A hearing will "
    "be held on Tuesday. A similar case closed in October 2017."
)


def test_find_time_expressions_over_a_doc(analyzer: Analyzer) -> None:
    doc = analyzer.nlp(ARTICLE)
    found = timex.find_time_expressions(doc, "2026-01-09T10:00:00-08:00", state="OR")
    by_text = {span.text: value for span, value in found}
    for span, _value in found:
        assert ARTICLE[span.start : span.end] == span.text
    thursday = next(v for t, v in by_text.items() if t.startswith("Thursday"))
    assert thursday.value == "2026-01-08" and thursday.part_of_day == "afternoon"
    clock = next(v for t, v in by_text.items() if "4:05" in t)
    assert (clock.time, clock.hedge) == ("16:05", "about")
    tuesday = next(v for t, v in by_text.items() if "Tuesday" in t)
    assert tuesday.value == "2026-01-13"  # "will be held": future tense from the parse
    october = next(v for t, v in by_text.items() if "2017" in t)
    assert (october.value, october.granularity) == ("2017-10-01", "month")
