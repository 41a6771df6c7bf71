"""The optional learned cue gate (``claims.cuegate.v1``): loading, what it adds and removes,
how claims record it, and the training script on a tiny PolNeAR-shaped corpus we write here.

The gates in these tests are hand-written JSON with a few weights, so each test shows one
decision of the gate; the real gate is trained locally on PolNeAR (see docs/quality.md)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsledger.errors import ModelError
from newsledger.nlp import attribution, cuegate
from newsledger.nlp.attribution import Claims, Extractor, extract_claims
from newsledger.nlp.cuegate import VERSION, CueGate, gate_setting, load_gate
from newsledger.nlp.pipeline import Analyzer, producers
from test_cli import analyze_in_new_process, first_analysis

ROOT = Path(__file__).resolve().parent.parent
NEW_CUE = "The union president wagered that the deputy had fired first."
LEXICON_CUE = "Deputies want the footage released."


def _gate(weights: dict[str, float], bias: float = -5.0, **kw: Any) -> dict[str, Any]:
    return {"version": VERSION, "weights": weights, "bias": bias, "t_new": 0.5, "t_drop": 0.3, **kw}


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    load_gate.cache_clear()
    return path


def _cues(claims: list[dict[str, Any]]) -> list[tuple[str | None, str | None, list[str]]]:
    return [
        (
            c["cue"]["text"] if c["cue"] else None,
            c["source"]["span"]["text"] if c["source"] else None,
            [s["text"] for s in c["content"]],
        )
        for c in claims
    ]


def test_without_a_gate_a_verb_outside_the_lexicon_is_no_cue(analyzer: Analyzer) -> None:
    claims = extract_claims(analyzer.nlp(NEW_CUE))
    assert all(c["cue"] is None and c["source"] is None for c in claims)
    assert {c["extractor"] for c in claims} == {attribution.VERSION}


def test_the_gate_adds_a_cue_the_lexicon_lacks(analyzer: Analyzer, tmp_path: Path) -> None:
    gate = load_gate(str(_write(tmp_path / "g.json", _gate({"l=wager": 10.0}))))
    claims = extract_claims(analyzer.nlp(NEW_CUE), gate)
    assert _cues(claims) == [
        ("wagered", "The union president", ["that the deputy had fired first"]),
    ]
    (claim,) = claims
    assert claim["certainty"] == "attributed"  # cuegate.NEW_CUE_EFFECT
    assert claim["source"]["role"] != "outlet"
    assert claim["extractor"] == f"{attribution.VERSION}+{VERSION}@{gate.digest}"


def test_below_t_new_a_verb_outside_the_lexicon_stays_no_cue(
    analyzer: Analyzer, tmp_path: Path
) -> None:
    # bias -5 and weight +4: probability 0.27, under t_new 0.5
    gate = load_gate(str(_write(tmp_path / "g.json", _gate({"l=wager": 4.0}))))
    claims = extract_claims(analyzer.nlp(NEW_CUE), gate)
    assert all(c["cue"] is None for c in claims)


def test_the_gate_drops_a_lexicon_cue_it_finds_unlikely(analyzer: Analyzer, tmp_path: Path) -> None:
    doc = analyzer.nlp(LEXICON_CUE)
    assert _cues(extract_claims(doc)) == [("want", "Deputies", ["the footage released"])]
    unlikely = load_gate(str(_write(tmp_path / "u.json", _gate({}, bias=-3.0))))  # p = 0.05
    claims = extract_claims(doc, unlikely)
    assert all(c["cue"] is None and c["source"] is None for c in claims)
    assert " ".join(s["text"] for c in claims for s in c["content"]) == LEXICON_CUE.rstrip(".")
    likely = load_gate(str(_write(tmp_path / "l.json", _gate({"l=want": 6.0}))))  # p = 0.73
    assert _cues(extract_claims(doc, likely)) == [("want", "Deputies", ["the footage released"])]


def test_features_read_the_parse(analyzer: Analyzer) -> None:
    doc = analyzer.nlp("Police said the man was armed.")
    said = doc[1]
    ex = Extractor(doc)
    features = ex.cue_features(said)
    for expected in (
        "l=say",
        "lex=attributed",
        "d=ROOT",
        "cd=ccomp",
        "cd=nsubj",
        "ccomp_mark=-",
        "subjl=police",
        "prev=police",
        "next=the",
        "inq=False",
    ):
        assert expected in features
    quoted = analyzer.nlp('"I said no," the officer told reporters.')
    ex = Extractor(quoted)
    inner = quoted[2]
    assert inner.lower_ == "said"
    assert "inq=True" in ex.cue_features(inner)


def test_probability_is_the_logistic_of_the_summed_weights() -> None:
    gate = CueGate({"a": 1.0, "b": -2.0}, bias=0.5, t_new=0.5, t_drop=0.3, digest="x")
    assert gate.probability([]) == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert gate.probability(["a"]) == pytest.approx(1 / (1 + math.exp(-1.5)))
    # a feature counts each time it occurs; a feature without a weight weighs nothing
    assert gate.probability(["a", "a", "b", "zzz"]) == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert gate.probability(["b"] * 1000) == 0.0  # no overflow


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        (b"\xff\xfe not json", "not a claims.cuegate.v1 file"),
        (b"[1, 2]", "not a claims.cuegate.v1 file"),
        (json.dumps({**_gate({}), "version": "claims.cuegate.v0"}).encode(), "version"),
        (json.dumps(_gate({"l=say": "high"})).encode(), "weights"),
        (json.dumps(_gate({}, t_new=2)).encode(), "thresholds"),
        (json.dumps({**_gate({}), "bias": None}).encode(), "bias"),
    ],
)
def test_a_bad_gate_file_is_a_clear_error(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "gate.json"
    if content is not None:
        path.write_bytes(content)
    load_gate.cache_clear()
    with pytest.raises(ModelError) as err:
        load_gate(str(path))
    assert err.value.code == "cue_gate"
    assert message in err.value.message
    assert "train_cue_gate.py" in err.value.hint


def test_the_setting_names_the_gate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NEWSLEDGER_CUE_GATE", raising=False)
    assert gate_setting() is None
    assert "claims.cue_gate" not in producers()
    path = _write(tmp_path / "g.json", _gate({"l=wager": 10.0}))
    monkeypatch.setenv("NEWSLEDGER_CUE_GATE", str(path))
    gate = gate_setting()
    assert gate is not None and gate.weights == {"l=wager": 10.0}
    assert producers()["claims.cue_gate"] == gate.tag
    # the spaCy component reads it once, when it is made
    component = Claims("claims")
    assert component.gate == gate
    monkeypatch.setenv("NEWSLEDGER_CUE_GATE", str(tmp_path / "missing.json"))
    with pytest.raises(ModelError):
        Claims("claims")


def test_the_digest_tells_two_gate_files_apart(tmp_path: Path) -> None:
    a = load_gate(str(_write(tmp_path / "a.json", _gate({"l=wager": 10.0}))))
    b = load_gate(str(_write(tmp_path / "b.json", _gate({"l=wager": 9.0}))))
    assert a.digest != b.digest and len(a.digest) == 12
    assert a.tag == f"{VERSION}@{a.digest}"


@pytest.mark.slow
def test_the_training_script_writes_a_gate_that_loads(tmp_path: Path) -> None:
    pytest.importorskip("sklearn", reason="training needs the train extra (scikit-learn)")
    from test_eval_polnear import write_split

    data = tmp_path / "polnear"
    write_split(data)  # our own two small articles, as PolNeAR's dev split
    shutil.copytree(data / "dev", data / "train")
    out = tmp_path / "gate.json"
    script = ROOT / "scripts" / "train_cue_gate.py"
    args = ["--data", str(data), "--out", str(out), "--choose", "--min-count", "1"]
    done = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    gate = load_gate(str(out))
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert raw["version"] == VERSION and raw["trained_on"].startswith("PolNeAR train (2 articles")
    assert (gate.t_new, gate.t_drop) in {
        (tn, td) for tn in cuegate_grid("T_NEW_GRID") for td in cuegate_grid("T_DROP_GRID")
    }
    assert "chosen on dev" in done.stdout and gate.tag in done.stdout
    # "said" is a gold cue in the articles: the gate learned it weighs for a cue
    assert gate.weights.get("l=say", 0.0) > 0
    # no sentence of the data in the file: only feature names and numbers
    assert "bridge would reopen" not in out.read_text(encoding="utf-8")


def cuegate_grid(name: str) -> tuple[float, ...]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_cue_gate

    grid: tuple[float, ...] = getattr(train_cue_gate, name)
    return grid


def test_no_gate_ships_with_the_package() -> None:
    shipped = ROOT / "src" / "newsledger" / "data"
    assert not [p for p in shipped.rglob("*") if "gate" in p.name.lower()]
    assert cuegate.NEW_CUE_EFFECT == "attributed"


@pytest.mark.slow
def test_analyze_uses_the_gate_the_environment_names(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(f"Union bet on the footage\n\n{NEW_CUE}\n", encoding="utf-8")
    path = _write(tmp_path / "g.json", _gate({"l=wager": 10.0}))
    data = first_analysis(analyze_in_new_process(article, NEWSLEDGER_CUE_GATE=str(path)))
    tag = load_gate(str(path)).tag
    assert data["producers"]["claims.cue_gate"] == tag
    (claim,) = [c for c in data["claims"] if c["cue"]]
    assert claim["cue"]["text"] == "wagered" and claim["extractor"].endswith(tag)
    failed = analyze_in_new_process(article, NEWSLEDGER_CUE_GATE=str(tmp_path / "nowhere.json"))
    assert failed.returncode != 0
    assert "error[cue_gate]" in failed.stderr and "nowhere.json" in failed.stderr


@pytest.mark.slow
def test_an_analyzer_built_under_another_gate_gets_a_pipeline_that_uses_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The components read the gate when the pipeline is built; the pipeline cache is keyed by
    that setting, so what an analysis says made it (``producers``) is what made it."""
    from newsledger.article import Article

    def analyzed(an: Analyzer) -> dict[str, Any]:
        return an.analyze(Article.create(f"Union bet\n\n{NEW_CUE}\n", id="x")).to_dict()

    monkeypatch.delenv("NEWSLEDGER_CUE_GATE", raising=False)
    plain = Analyzer()
    path = _write(tmp_path / "g.json", _gate({"l=wager": 10.0}))
    monkeypatch.setenv("NEWSLEDGER_CUE_GATE", str(path))
    gated = Analyzer()
    assert gated.nlp is not plain.nlp
    data = analyzed(gated)
    assert data["producers"]["claims.cue_gate"] == load_gate(str(path)).tag
    assert [c["cue"]["text"] for c in data["claims"] if c["cue"]] == ["wagered"]
    monkeypatch.delenv("NEWSLEDGER_CUE_GATE")
    again = Analyzer()
    assert again.nlp is plain.nlp
    data = analyzed(again)
    assert "claims.cue_gate" not in data["producers"]
    assert not any(c["cue"] for c in data["claims"])
