"""Article genre from sentence labels, furniture and title (newsledger.genre.v1)."""

from __future__ import annotations

from newsledger.analysis import Sentence
from newsledger.nlp import genre


def sents(*labels: str, kinds: dict[int, str] | None = None) -> list[Sentence]:
    kinds = kinds or {}
    return [Sentence(i * 10, i * 10 + 9, lab, 0.9, kinds.get(i)) for i, lab in enumerate(labels)]


def test_press_release_needs_two_kinds_of_release_furniture() -> None:
    one = sents("boilerplate", *["reporting"] * 6, kinds={0: "press_header"})
    two = sents(
        "boilerplate", *["reporting"] * 6, "boilerplate", kinds={0: "press_header", 7: "end_mark"}
    )
    p = [None, *[0.1] * 6, None]
    assert genre.classify(one, p[:7])[0].label == "news"
    result, _ = genre.classify(two, p)
    assert result.label == "press_release"
    assert result.cues == ("furniture:end_mark", "furniture:press_header")
    assert result.opinion_share == 0.0


def test_title_label_makes_an_opinion_piece_and_lowers_the_threshold() -> None:
    s = sents(*["reporting"] * 6)
    p = [0.1, 0.35, 0.35, 0.2, 0.4, None]  # the last is reported speech
    news, as_news = genre.classify(s, p, title="Council debates police budget")
    assert news.label == "news" and [x.label for x in as_news] == ["reporting"] * 6
    op, as_opinion = genre.classify(s, p, title="Opinion: The council owes us answers")
    assert op.label == "opinion" and op.cues == ("title",)
    assert [x.label for x in as_opinion] == [
        "reporting",
        "opinion",
        "opinion",
        "reporting",
        "opinion",
        "reporting",
    ]
    assert op.opinion_share == 0.5
    assert genre.classify(s, p, title="Analysis: What the budget means")[0].label == "analysis"


def test_in_a_report_only_strong_opinion_stays_opinion() -> None:
    s = sents("opinion", "opinion", "reporting", "reporting", "reporting", "reporting")
    p = [0.5, 0.8, 0.1, 0.1, 0.1, 0.1]
    _, out = genre.classify(s, p)
    assert [x.label for x in out][:2] == ["reporting", "opinion"]
    assert out[0].score == 0.5
    # The writer's voice keeps the classifier's label.
    _, kept = genre.classify(s, p, stance=[True, False, False, False, False, False])
    assert kept[0].label == "opinion"


def test_a_lone_sentence_keeps_the_classifier_label() -> None:
    s = sents("opinion")
    result, out = genre.classify(s, [0.46])
    assert result.label == "news" and out[0].label == "opinion"
    assert result.opinion_share == 1.0


def test_a_columnists_bio_makes_an_opinion_piece() -> None:
    s = sents("reporting", "reporting", "boilerplate", kinds={2: "bio"})
    assert genre.classify(s, [0.2, 0.2, None])[0].cues == ("furniture:bio",)


def test_writer_voice_in_several_sentences_makes_an_opinion_piece() -> None:
    s = sents(*["reporting"] * 8)
    p = [0.2] * 8
    stance = [True, False, True, False, False, False, False, False]
    assert genre.classify(s, p, stance)[0].label == "opinion"
    assert genre.classify(s, p, [True] + [False] * 7)[0].label == "news"


def test_share_is_none_without_countable_sentences() -> None:
    result, _ = genre.classify(sents("boilerplate", kinds={0: "copyright"}), [None])
    assert result.opinion_share is None and result.label == "news"
