"""PolNeAR loader and attribution scores on a tiny invented split written into tmp_path."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger.article import Article
from newsledger.errors import DatasetError, UsageError
from newsledger.eval import run_eval
from newsledger.eval.polnear import load_polnear, normalize, parse_ann, quote_kind

TEXT_1 = (
    "The mayor said the bridge would reopen soon. "
    '"We are ready," the chief told reporters, "and the roads are clear." '
    "It was reported that the river had fallen.\n"
)
TEXT_2 = 'The senator called the plan "a disaster" on Monday.\n'

Spans = list[tuple[int, int]]


def _at(text: str, piece: str, start: int = 0) -> tuple[int, int]:
    begin = text.index(piece, start)
    return begin, begin + len(piece)


# Gold attributions per article: (source, cue, content) span lists; content may be split.
GOLD: dict[str, list[tuple[Spans | None, Spans, list[Spans]]]] = {
    "outlet_2016-10-01_bridge": [
        (
            [_at(TEXT_1, "The mayor")],
            [_at(TEXT_1, "said")],
            [[_at(TEXT_1, "the bridge would reopen soon")]],
        ),
        (
            [_at(TEXT_1, "the chief")],
            [_at(TEXT_1, "told")],
            [[_at(TEXT_1, '"We are ready,"'), _at(TEXT_1, '"and the roads are clear."')]],
        ),
        (None, [_at(TEXT_1, "It was reported")], [[_at(TEXT_1, "that the river had fallen")]]),
    ],
    "outlet_2016-10-02_senator": [
        (
            [_at(TEXT_2, "The senator")],
            [_at(TEXT_2, "called")],
            # Content plus Content2, as PolNeAR writes a content in two parts
            [[_at(TEXT_2, "the plan")], [_at(TEXT_2, '"a disaster"')]],
        ),
    ],
}
TEXTS = {"outlet_2016-10-01_bridge": TEXT_1, "outlet_2016-10-02_senator": TEXT_2}


def _brat(spans: Spans) -> str:
    return ";".join(f"{s} {e}" for s, e in spans)


def _ann(text: str, attributions: list[tuple[Spans | None, Spans, list[Spans]]]) -> str:
    lines = []
    t = 0
    for n, (source, cue, contents) in enumerate(attributions, start=1):
        args = []
        t += 1
        trigger = f"T{t}"
        kind = "Attribution" if source else "Attribution-no-source"
        lines.append(f"{trigger}\t{kind} {_brat(cue)}\t{text[cue[0][0] : cue[0][1]]}")
        args.append(f"{kind}:{trigger}")
        roles: list[tuple[str, Spans]] = [("Cue", cue)]
        if source:
            roles.append(("Source", source))
        roles += [("Content" if i == 0 else f"Content{i + 1}", c) for i, c in enumerate(contents)]
        for role, spans in roles:
            t += 1
            covered = " ".join(text[s:e] for s, e in spans)
            lines.append(f"T{t}\t{role.rstrip('0123456789')} {_brat(spans)}\t{covered}")
            args.append(f"{role}:T{t}")
        lines.append(f"E{n}\t{' '.join(args)}")
    # Annotator flags, a note, and a T line whose text held a line break: all to be ignored.
    lines.append(f"T{t + 1}\tDiscard 0 3\tThe")
    lines.append(f"#1\tAnnotatorNotes T{t + 1}\tnot sure")
    lines.append(f"T{t + 2}\tDiscuss {len(text) - 2} {len(text)}\t.")
    lines.append("")
    return "\n".join(lines)


def write_split(root: Path) -> Path:
    split = root / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    for name, text in TEXTS.items():
        (split / "text" / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
        (split / "attributions" / f"{name}_ab12.ann").write_text(
            _ann(text, GOLD[name]), encoding="utf-8"
        )
    # A second annotator's file for the first article: sorted after, so never used.
    (split / "attributions" / "outlet_2016-10-01_bridge_zz99.ann").write_text(
        "T1\tCue 4 9\tmayor\nE1\tAttribution-no-source:T1 Cue:T1\n", encoding="utf-8"
    )
    (split / "metadata.tsv").write_text(
        "compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\ttitle\n"
        "dev\toutlet_2016-10-01_bridge\t4\tab12\toutlet\t2016-10-01\tBridge news\n",
        encoding="utf-8",
    )
    return split


def _span(text: str, bounds: tuple[int, int]) -> dict[str, Any]:
    return {"start": bounds[0], "end": bounds[1], "text": text[bounds[0] : bounds[1]]}


def perfect_claims(name: str) -> list[dict[str, Any]]:
    text = TEXTS[name]
    claims = []
    for source, cue, contents in GOLD[name]:
        claims.append(
            {
                "content": [_span(text, b) for part in contents for b in part],
                "cue": _span(text, cue[0]),
                "source": {"span": _span(text, source[0]), "name": None} if source else None,
                "certainty": "attributed",
                "polarity": "affirmed",
            }
        )
    # The outlet's own voice (no cue, no source) is not an attribution and must not count.
    claims.append({"content": [_span(text, (0, 3))], "cue": None, "source": None})
    return claims


def make_analyze(claims_for: dict[str, list[dict[str, Any]]], seen: list[Article] | None = None):
    def analyze(articles: Iterable[Article]) -> Iterator[dict[str, Any] | None]:
        for article in articles:
            if seen is not None:
                seen.append(article)
            yield {
                "schema": "newsledger.analysis/1",
                "article": {"id": article.id},
                "sentences": [],
                "claims": claims_for.get(article.id, []),
                "incidents": [],
            }

    return analyze


def test_load_reads_first_ann_discontinuous_and_content2(tmp_path: Path) -> None:
    articles = list(load_polnear(write_split(tmp_path)))
    assert [a.name for a in articles] == sorted(TEXTS)
    first = articles[0]
    assert first.title == "Bridge news" and first.published == "2016-10-01"
    assert len(first.attributions) == 3  # not the zz99 file's one
    chief = first.attributions[1]
    assert chief.content is not None and len(chief.content) == 2
    assert first.attributions[2].source is None
    senator = articles[1].attributions[0]
    assert senator.content == (_at(TEXT_2, "the plan"), _at(TEXT_2, '"a disaster"'))


def test_perfect_prediction_scores_one(tmp_path: Path) -> None:
    seen: list[Article] = []
    analyze = make_analyze({name: perfect_claims(name) for name in TEXTS}, seen)
    report = run_eval("polnear", write_split(tmp_path), analyze)
    assert report.items == 2 and report.split == "dev"
    assert report.counts["gold attributions"] == 4
    assert (
        report.counts["gold direct"],
        report.counts["gold mixed"],
        report.counts["gold indirect"],
    ) == (1, 1, 2)
    for row in report.metrics:
        assert row.value == pytest.approx(1.0), row.key
    assert seen[0].id == "outlet_2016-10-01_bridge" and seen[0].text == TEXT_1
    assert seen[0].published_at == "2016-10-01"


def test_nested_claims_are_no_attributions_of_their_own(tmp_path: Path) -> None:
    """A clause nested in a claim (``part_of``) has its parent's source and cue; counted, it
    would be a second attribution with the same cue and lower precision."""
    claims_for = {name: perfect_claims(name) for name in TEXTS}
    for claims in claims_for.values():
        first = claims[0]
        piece = first["content"][0]
        clause = {**piece, "end": piece["start"] + 3, "text": piece["text"][:3]}
        claims.append({**first, "content": [clause], "polarity": "negated", "part_of": "c1"})
    report = run_eval("polnear", write_split(tmp_path), make_analyze(claims_for))
    for row in report.metrics:
        assert row.value == pytest.approx(1.0), row.key


def test_empty_prediction_scores_zero(tmp_path: Path) -> None:
    report = run_eval("polnear", write_split(tmp_path), make_analyze({}))
    assert all(row.value == 0.0 for row in report.metrics)
    assert report.get("content/exact_r").n == 4
    assert report.get("source/exact_r").n == 3


def test_partial_prediction_known_values(tmp_path: Path) -> None:
    name = "outlet_2016-10-01_bridge"
    claim = {
        "content": [_span(TEXT_1, _at(TEXT_1, "bridge would reopen soon"))],
        "cue": _span(TEXT_1, _at(TEXT_1, "said")),
        "source": {"span": _span(TEXT_1, _at(TEXT_1, "The mayor"))},
    }
    report = run_eval("polnear", write_split(tmp_path), make_analyze({name: [claim]}))
    assert report.value("source/exact_p") == 1.0
    assert report.value("source/exact_r") == pytest.approx(1 / 3)
    assert report.value("content/exact_p") == 0.0
    # content tokens: predicted 4, gold 5 + 8 + 5 + 4 = 22, shared 4
    assert report.value("content/token_p") == 1.0
    assert report.value("content/token_r") == pytest.approx(4 / 22)
    assert report.value("attribution/exact_f1") == 0.0
    assert report.value("indirect/content_token_r") == pytest.approx(4 / 10)


def test_exact_match_ignores_edge_punctuation() -> None:
    text = 'He said: "We are ready." Then he left.'
    quoted = _at(text, '"We are ready."')
    bare = _at(text, "We are ready")
    assert normalize((quoted,), text) == normalize((bare,), text) == (bare,)
    # pieces separated only by punctuation or spaces merge
    assert normalize(((0, 2), (3, 7)), text) == ((0, 7),)
    assert normalize(((8, 10),), text) is None


@pytest.mark.parametrize(
    ("text", "piece", "kind"),
    [
        ('"We are ready," he said.', '"We are ready,"', "direct"),
        ('"We are ready," he said.', "We are ready,", "direct"),  # marks just outside the span
        ('She called it "a disaster" today.', 'it "a disaster"', "mixed"),
        ('He said the plan "worked."', 'the plan "worked."', "mixed"),
        ("He said that it worked.", "that it worked", "indirect"),
    ],
)
def test_quote_kind(text: str, piece: str, kind: str) -> None:
    assert quote_kind((_at(text, piece),), text) == kind


def test_quote_kind_of_a_quote_over_two_paragraphs() -> None:
    text = '"First part.\n\n"Second part," she said.'
    pieces = (_at(text, '"First part.'), _at(text, '"Second part,"'))
    assert quote_kind(pieces, text) == "direct"


def test_split_resolution(tmp_path: Path) -> None:
    write_split(tmp_path)
    report = run_eval("polnear", tmp_path, make_analyze({}), split="dev")
    assert report.split == "dev" and report.items == 2
    with pytest.raises(UsageError):
        run_eval("polnear", tmp_path / "dev", make_analyze({}), split="train")
    with pytest.raises(DatasetError):
        run_eval("polnear", tmp_path, make_analyze({}), split="train")


def test_limit(tmp_path: Path) -> None:
    report = run_eval("polnear", write_split(tmp_path), make_analyze({}), limit=1)
    assert report.items == 1 and report.counts["gold attributions"] == 3


def test_bad_ann_files_raise_dataset_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("short", encoding="utf-8")
    bad_span = tmp_path / "a_x.ann"
    bad_span.write_text("T1\tCue 0 99\tshort\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="outside the text"):
        parse_ann(bad_span, 5)
    bad_ref = tmp_path / "b_x.ann"
    bad_ref.write_text("T1\tCue 0 5\tshort\nE1\tAttribution:T1 Content:T7\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="names no span"):
        parse_ann(bad_ref, 5)


def test_missing_or_wrong_folder(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as info:
        run_eval("polnear", tmp_path / "nowhere", make_analyze({}))
    assert info.value.hint
    (tmp_path / "dev" / "text").mkdir(parents=True)
    with pytest.raises(DatasetError, match="attributions"):
        run_eval("polnear", tmp_path / "dev", make_analyze({}))
