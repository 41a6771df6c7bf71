"""The sentence labeller (reporting / opinion / boilerplate) on articles written for these tests,
and on the bundled fictional sample corpus against its gold.json. All text here is invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.article import Article
from newsledger.nlp import labels
from newsledger.nlp.pipeline import Analyzer
from newsledger.schemas import validation_errors

REP, OPI, BOI = "reporting", "opinion", "boilerplate"

# A news report whose sources argue: every sentence is reporting, the quotes included.
NEWS_WITH_QUOTED_OPINIONS = [
    (
        "SPOKANE, Wash. — A sheriff's deputy shot and wounded a man outside a grocery store on "
        "Division Street on Wednesday night, the Spokane County Sheriff's Office said.",
        REP,
    ),
    ("The man, 41, was taken to a hospital with a wound to his leg.", REP),
    (
        "Deputies had been called to the store at about 9:10 p.m. after an employee reported a "
        "man threatening customers with a knife, according to the sheriff's office.",
        REP,
    ),
    ("\n\n", None),
    ('"This was a reckless, needless shooting, and the county should be ashamed," said', None),
    (" Teodora Baines, a lawyer for the man's family.", REP),
    ("\n\n", None),
    ("Sheriff Alvin Crane said the deputy acted to protect the people in the store.", REP),
    (' "He made the right call in a terrible moment," Crane said.', REP),
    ("\n\n", None),
    ("The deputy has been placed on administrative leave, the office said.", REP),
    ("The Washington State Patrol will review the shooting.", REP),
]

# An opinion column: the writer argues, and reports what others said along the way.
COLUMN = [
    ("The county owes the public more than a two-line statement.", OPI),
    (
        "On Wednesday night a deputy shot a man outside a grocery store, and the sheriff's "
        "office has said almost nothing since.",
        OPI,
    ),
    ("\n\n", None),
    ("Sheriff Alvin Crane said the deputy acted to protect the people in the store.", REP),
    (" Maybe he did.", OPI),
    (
        " But why should anyone take that on faith when the store's cameras recorded everything?",
        OPI,
    ),
    ("\n\n", None),
    ("We have been here before, and we should have learned by now.", OPI),
    (" Secrecy breeds suspicion, and suspicion is corrosive to trust in any police force.", OPI),
    ("\n\n", None),
    ("Release the video.", OPI),
    (" Let the public judge for itself.", OPI),
    ("\n\n", None),
    (
        "Imogen Trask is a former county prosecutor. Her column appears Thursdays in the "
        "Inland Courier.",
        BOI,
    ),
]

# An agency release, with its furniture.
PRESS_RELEASE = [
    ("FOR IMMEDIATE RELEASE", BOI),
    ("\n\n", None),
    ("Media contact: Sgt. Rhea Molina, Public Affairs, (509) 555-0123", BOI),
    ("\n\n", None),
    (
        "SPOKANE, Wash. — Deputies with the Spokane County Sheriff's Office responded to a "
        "report of a man armed with a knife at a grocery store on Wednesday at 9:10 p.m.",
        REP,
    ),
    (
        " A deputy fired one round after the man advanced toward customers, striking him in "
        "the leg.",
        REP,
    ),
    ("\n\n", None),
    ("The man was transported to a local hospital and is expected to survive.", REP),
    ("\n\n", None),
    ("Anyone with information is asked to call the Sheriff's Office at (509) 555-0177.", BOI),
    ("\n\n", None),
    ("About the Spokane County Sheriff's Office", BOI),
    ("\n\n", None),
    ("The Sheriff's Office serves the residents of Spokane County with pride.", BOI),
    ("\n\n", None),
    ("###", BOI),
]

# A page full of furniture around a short report.
FURNITURE_PAGE = [
    ("Inland Courier | News | Public Safety", BOI),
    ("\n", None),
    (
        "Photo: Deputies outside the grocery store on Division Street. (Lena Ruiz / Inland Courier)",
        BOI,
    ),
    ("\n", None),
    ("Share this story", BOI),
    ("\n", None),
    (
        "Editor's note: An earlier version of this story gave the wrong day for the shooting. "
        "It happened on Wednesday.",
        BOI,
    ),
    ("\n", None),
    (
        "A deputy who shot a man outside a grocery store on Wednesday has been placed on "
        "administrative leave, the sheriff's office said.",
        REP,
    ),
    ("\n", None),
    ("The man remains in a hospital in stable condition, his family said.", REP),
    ("\n", None),
    ("Related: Deputy shoots man outside Spokane grocery store", BOI),
    ("\n", None),
    ("Click here to get breaking news alerts on your phone.", BOI),
    ("\n", None),
    ("Sign up for our newsletter: the week's public-safety news every Friday.", BOI),
    ("\n", None),
    ("Advertisement", BOI),
    ("\n", None),
    ("© 2026 Inland Courier. All rights reserved.", BOI),
]


def build(parts: list[tuple[str, str | None]]) -> tuple[str, list[tuple[str, str]]]:
    """The article text and the expected (sentence, label) pairs. A part with a label is a
    sentence (leading white space is not part of it); a part with None is glue, or the first
    piece of a sentence that the next part ends."""
    text, expected, pending = "", [], ""
    for piece, label in parts:
        text += piece
        if label is None:
            pending = "" if not piece.strip() else pending + piece
            continue
        sentence = (pending + piece).strip() if pending else piece.strip()
        expected.append((sentence, label))
        pending = ""
    return text, expected


def labelled(analyzer: Analyzer, text: str, title: str | None = None) -> dict:
    data = analyzer.analyze(Article.create(text, id="t", title=title)).to_dict()
    assert validation_errors(data) == []
    assert data["warnings"] == []
    return data


def sentence_labels(data: dict) -> list[tuple[str, str]]:
    text = data["article"]["text"]
    return [(text[s["start"] : s["end"]], s["label"]) for s in data["sentences"]]


def by_sentence(data: dict, expected: list[tuple[str, str]]) -> dict[str, str]:
    """The label given to each expected sentence (a sentence the parser split is labelled as
    its parts: the set of their labels, which must then be one label)."""
    got = sentence_labels(data)
    out: dict[str, str] = {}
    for sentence, _ in expected:
        parts = {label for piece, label in got if piece in sentence or sentence in piece}
        assert parts, f"no analysed sentence covers {sentence!r}"
        out[sentence] = parts.pop() if len(parts) == 1 else f"mixed {sorted(parts)}"
    return out


# The articles written for these tests: (name, parts, title, expected genre).
TEST_ARTICLES = [
    ("news", NEWS_WITH_QUOTED_OPINIONS, "Deputy shoots man outside Spokane store", "news"),
    ("column", COLUMN, "The county owes us the video", "opinion"),
    ("press release", PRESS_RELEASE, "Deputy-involved shooting on Division Street", None),
    ("furniture", FURNITURE_PAGE, "Deputy on leave after shooting", "news"),
]


@pytest.mark.parametrize(("name", "parts", "title", "genre"), TEST_ARTICLES)
def test_every_sentence_gets_its_label(
    analyzer: Analyzer, name: str, parts: list, title: str, genre: str | None
) -> None:
    text, expected = build(parts)
    data = labelled(analyzer, text, title)
    got = by_sentence(data, expected)
    wrong = {s: (got[s], label) for s, label in expected if got[s] != label}
    assert wrong == {}, f"{name}: (got, expected) per sentence"
    assert all(s["label"] in (REP, OPI, BOI) for s in data["sentences"])
    assert all(0.0 <= s["score"] <= 1.0 for s in data["sentences"])
    assert data["genre"]["label"] == (genre or "press_release")


def test_boilerplate_kinds(analyzer: Analyzer) -> None:
    text, _ = build(FURNITURE_PAGE)
    data = labelled(analyzer, text)
    kinds = {
        text[s["start"] : s["end"]].split(":")[0][:20]: s["kind"]
        for s in data["sentences"]
        if s["label"] == BOI
    }
    assert kinds["Inland Courier | New"] == "navigation"
    assert kinds["Photo"] == "photo"
    assert kinds["Share this story"] == "share"
    assert kinds["Editor's note"] == "correction"
    assert kinds["Related"] == "related"
    assert kinds["Click here to get br"] == "click_here"
    assert kinds["Sign up for our news"] == "newsletter"
    assert kinds["Advertisement"] == "advertisement"
    assert kinds["© 2026 Inland Courie"] == "copyright"
    assert all(s["kind"] is None for s in data["sentences"] if s["label"] != BOI)


def test_an_update_stamp_is_boilerplate_and_an_update_that_tells_news_is_reporting(
    analyzer: Analyzer,
) -> None:
    parts = [
        ("Updated: Mar 12, 2026 - 6:38 PM", BOI),
        ("\n\n", None),
        ("UPDATE (3/12): Police say the man has died from his wounds.", REP),
        ("\n\n", None),
        ("Update: Shooting subject surrenders to deputies", REP),
        ("\n\n", None),
        ("A man was shot in the chest outside a bar on Harlan Street on Tuesday night.", REP),
    ]
    text, expected = build(parts)
    got = by_sentence(labelled(analyzer, text), expected)
    assert got == dict(expected)


def test_the_headline_is_never_furniture(analyzer: Analyzer) -> None:
    title = "Deputies arrest man, seize 3 rifles | Local News | KXYZ"
    text = (
        f"{title}\n\nDeputies arrested a man on Harlan Street on Tuesday and seized three rifles.\n"
    )
    first = labelled(analyzer, text, title)["sentences"][0]
    assert text[first["start"] : first["end"]].startswith("Deputies arrest man")
    assert (first["label"], first["kind"]) == (REP, None)
    # with no title given, the same line is navigation
    first = labelled(analyzer, text)["sentences"][0]
    assert (first["label"], first["kind"]) == (BOI, "navigation")


def test_a_quoted_opinion_is_reporting_and_the_same_words_unquoted_are_opinion(
    analyzer: Analyzer,
) -> None:
    words = "This was a reckless, needless shooting, and the county should be ashamed."
    quoted = labelled(analyzer, f'"{words}" said the family\'s lawyer.')
    attributed = labelled(analyzer, f"The family's lawyer said {words[0].lower()}{words[1:]}")
    own = labelled(analyzer, words)
    assert [label for _, label in sentence_labels(quoted)] == [REP]
    assert [label for _, label in sentence_labels(attributed)] == [REP]
    assert [label for _, label in sentence_labels(own)] == [OPI]


def test_sample_corpus_against_gold(analyzer: Analyzer, sample_corpus: Path) -> None:
    gold = json.loads((sample_corpus.parent / "gold.json").read_text("utf-8"))
    problems = []
    for line in sample_corpus.read_text("utf-8").splitlines():
        rec = json.loads(line)
        want = gold[rec["id"]]
        data = labelled(analyzer, rec["text"], rec["title"])
        got = sentence_labels(data)
        for furniture in want["boilerplate"]:
            labels_here = {label for piece, label in got if piece in furniture}
            if labels_here != {BOI}:
                problems.append((rec["id"], "boilerplate", furniture, labels_here))
        opinions = set(want["opinion_sentences"])
        for piece, label in got:
            if piece in opinions and label != OPI:
                problems.append((rec["id"], "opinion missed", piece, label))
            if label == OPI and piece not in opinions:
                problems.append((rec["id"], "opinion not in gold", piece, label))
            if label == BOI and not any(piece in f for f in want["boilerplate"]):
                problems.append((rec["id"], "boilerplate not in gold", piece, label))
        if want["genre"] != "analysis":
            assert data["genre"]["label"] == want["genre"], rec["id"]
    # One known miss: a column's factual sentence about another city, which the classifier
    # scores as opinion under the opinion-piece threshold.
    assert [p[:2] for p in problems] == [
        ("portland-bp-shooting-opinion-bridgetown-standard", "opinion not in gold")
    ], problems


@pytest.mark.xfail(
    strict=True,
    reason="genre.v1 finds analysis only by a title label ('Analysis:') or a share of opinion "
    "sentences; the sample's analysis piece has neither, and reads as news",
)
def test_sample_analysis_piece_is_analysis(analyzer: Analyzer, sample_corpus: Path) -> None:
    for line in sample_corpus.read_text("utf-8").splitlines():
        rec = json.loads(line)
        if rec["id"] == "two-federal-shootings-pacific-crest-wire":
            data = labelled(analyzer, rec["text"], rec["title"])
            assert data["genre"]["label"] == "analysis"


def test_labeller_error_is_recorded_per_article(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    labeller = analyzer.nlp.get_pipe(labels.LABELS)

    def broken(*args: object, **kwargs: object) -> list:
        raise RuntimeError("boom")

    monkeypatch.setattr(labels, "label_sentences", broken)
    data = analyzer.analyze(Article.create("Police said two people were hurt.")).to_dict()
    assert validation_errors(data) == []
    assert [s["label"] for s in data["sentences"]] == [None]
    assert data["genre"] is None
    assert data["warnings"] == [{"component": labeller.name, "error": "RuntimeError: boom"}]


def test_quoted_mask_pairs_quotes_within_paragraphs() -> None:
    text = 'He said "stop" and left.\n"It was over," she said. "Then\nNothing “more” here.'
    mask = labels.quoted_mask(text, labels.paragraphs(text))
    inside = "".join(ch for ch, m in zip(text, mask, strict=True) if m)
    # The quote left open at the end of the second paragraph runs to its end.
    assert inside == "stopIt was over,Thenmore"


def test_paragraphs_follow_the_paragraph_component() -> None:
    assert labels.paragraphs("One.\nTwo.\n\n  Three.  ") == [(0, 4), (5, 9), (13, 19)]


def test_linear_model_probability() -> None:
    model = labels.LinearModel("t.v1", bias=-1.0, threshold=0.5, weights={"a": 2.0, "b": -5.0})
    assert model.probability({}) == pytest.approx(0.2689, abs=1e-4)
    assert model.probability({"a": 1.0, "unknown": 9.0}) == pytest.approx(0.7311, abs=1e-4)
    assert model.probability({"b": 100.0}) == 0.0


def test_data_files_have_headers_and_versions() -> None:
    for path in labels.DATA_DIR.glob("*.json"):
        data = json.loads(path.read_text("utf-8"))
        assert data["_about"] and data["version"].startswith("newsledger."), path.name
    model = labels.load_model()
    assert 0.0 < model.threshold < 1.0 and len(model.weights) > 100
    # Feature names only: words and word classes, never a sentence of the training data.
    assert all(len(name) < 60 for name in model.weights)
    assert (labels.DATA_DIR / "README.md").is_file()
    versions = labels.data_versions()
    assert versions["labels.subjectivity_model"] == "newsledger.subjectivity_lr.v1"
