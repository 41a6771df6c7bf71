from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsledger.article import Article
from newsledger.read import Skip, iter_inputs
from newsledger.read.decode import decode_bytes
from newsledger.read.formats import Limits, read_jsonl

HTML = """<!doctype html><html><head><title>Deputies use pepper spray at protest | Valley Courier</title>
<meta name="author" content="Rae Lindqvist">
<meta property="og:site_name" content="Valley Courier">
<meta property="article:published_time" content="2026-01-12T18:05:00-07:00">
</head><body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Deputies use pepper spray at protest</h1>
<p>Maricopa County sheriff's deputies used pepper spray on protesters outside the county jail
on Sunday evening, a sheriff's office spokesperson said.</p>
<p>Two people were arrested and one was treated at the scene for eye irritation, according
to the office. Organisers said the protest had been peaceful until deputies arrived.</p>
</article><footer>Copyright 2026 Valley Courier. All rights reserved.</footer></body></html>"""


def items(tmp_path: Path, *names: str, **kw: object) -> list[Article | Skip]:
    return list(iter_inputs([str(tmp_path / n) for n in names] or [str(tmp_path)], **kw))  # type: ignore[arg-type]


def test_text_file_id_is_file_stem_and_title_is_headline(tmp_path: Path) -> None:
    (tmp_path / "taser-story.txt").write_text("Deputies use Taser\n\nA man was hurt on Friday.\n")
    [art] = items(tmp_path, "taser-story.txt")
    assert isinstance(art, Article)
    assert art.id == "taser-story"
    assert art.title == "Deputies use Taser"
    assert art.text.startswith("Deputies use Taser")  # offsets stay on the text as given


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(HTML)
    [art] = items(tmp_path, "page.html")
    assert isinstance(art, Article)
    assert "pepper spray on protesters" in art.text
    assert "Home" not in art.text and "Copyright" not in art.text
    assert art.title == "Deputies use pepper spray at protest"
    # the page's own headline opens the text, once
    assert art.text.startswith("Deputies use pepper spray at protest\nMaricopa County")
    assert art.text.count("Deputies use pepper spray at protest") == 1
    assert "headline" not in art.metadata


def test_html_body_without_its_headline_gets_it_as_first_paragraph(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        HTML.replace("<h1>Deputies use pepper spray at protest</h1>", "")
    )
    [art] = items(tmp_path, "page.html")
    assert isinstance(art, Article)
    assert art.text.startswith("Deputies use pepper spray at protest\n\nMaricopa County")
    assert art.metadata["headline"] == "added from the title"
    assert art.byline == "Rae Lindqvist"
    assert art.outlet == "Valley Courier"
    assert art.published_at == "2026-01-12T18:05:00-07:00"


def test_html_with_only_a_day_keeps_a_day_and_a_bad_date_is_dropped(tmp_path: Path) -> None:
    day_only = HTML.replace(
        '<meta property="article:published_time" content="2026-01-12T18:05:00-07:00">',
        '<meta name="date" content="2026-01-12">',
    )
    (tmp_path / "day.html").write_text(day_only)
    [art] = items(tmp_path, "day.html")
    assert isinstance(art, Article) and art.published_at == "2026-01-12"
    ancient = HTML.replace("2026-01-12T18:05:00-07:00", "1712-01-12T18:05:00-07:00")
    (tmp_path / "ancient.html").write_text(ancient)
    [old] = items(tmp_path, "ancient.html", published="2026-01-13")
    assert isinstance(old, Article)
    assert old.published_at in (None, "2026-01-13")


def test_jsonl_fields_and_metadata(tmp_path: Path) -> None:
    rows = [
        {
            "id": "a1",
            "url": "https://example.org/a1",
            "outlet": "Cascade Ledger",
            "title": "T",
            "published": "2026-01-09T10:00:00-08:00",
            "text": "Agents fired shots.",
            "section": "metro",
        },
        {"text": "No id here."},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    first, second = items(tmp_path, "feed.jsonl", outlet="Fallback Outlet")
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.url, first.outlet, first.title) == (
        "a1",
        "https://example.org/a1",
        "Cascade Ledger",
        "T",
    )
    assert first.published_at == "2026-01-09T10:00:00-08:00"
    # the title becomes the text's first paragraph, and the record says it was added
    assert first.text == "T\n\nAgents fired shots."
    assert first.metadata == {"section": "metro", "headline": "added from the title"}
    assert first.content_hash != Article.create("Agents fired shots.").content_hash
    assert first.origin.endswith("feed.jsonl:1")
    assert second.id == second.content_hash
    assert second.outlet == "Fallback Outlet"


def test_jsonl_text_that_opens_with_its_title_is_kept_as_given(tmp_path: Path) -> None:
    rows = [
        {"title": "Man shot  on Elm St.", "text": "Man shot on Elm St.\n\nA man was shot."},
        {"title": "", "text": "No headline here."},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    first, second = items(tmp_path, "feed.jsonl")
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text == "Man shot on Elm St.\n\nA man was shot."  # white space aside
    assert "headline" not in first.metadata
    assert second.text == "No headline here." and "headline" not in second.metadata


def test_a_title_too_long_for_a_headline_is_not_added(tmp_path: Path) -> None:
    rows = [
        {"title": "word " * 200, "text": "A man was shot."},
        {"title": "Shot\n\n  on   Elm St.", "text": "A man was shot."},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    long, multiline = items(tmp_path, "feed.jsonl")
    assert isinstance(long, Article) and isinstance(multiline, Article)
    assert long.text == "A man was shot." and "headline" not in long.metadata
    # white space in a title is collapsed: the headline is one line
    assert multiline.text == "Shot on Elm St.\n\nA man was shot."


def test_folder_and_glob(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("First article.")
    (tmp_path / "sub" / "b.txt").write_text("Second article.")
    (tmp_path / ".hidden.txt").write_text("Hidden file.")
    folder = items(tmp_path)
    assert [a.id for a in folder if isinstance(a, Article)] == ["a", "b"]
    globbed = list(iter_inputs([str(tmp_path / "**" / "*.txt")]))
    assert sorted(a.id for a in globbed if isinstance(a, Article)) == ["a", "b"]


def test_stdin_jsonl_and_text() -> None:
    stream = io.BytesIO(b'{"id": "s1", "text": "From a pipe."}\n')
    [art] = list(iter_inputs(["-"], stdin=stream))
    assert isinstance(art, Article) and art.id == "s1" and art.origin == "<stdin>:1"
    [plain] = list(iter_inputs(["-"], stdin=io.BytesIO(b"Plain text on stdin.")))
    assert isinstance(plain, Article) and plain.text == "Plain text on stdin."


def test_bad_inputs_become_skips_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "latin1.txt").write_bytes(
        "Le préfet a déclaré: l'agent était blessé.".encode("latin-1")
    )
    (tmp_path / "broken.html").write_text("<html><body><div><script>var x = 1;</script></div")
    (tmp_path / "lines.jsonl").write_text(
        '{"id": "ok", "text": "Good line."}\nthis is not json\n[1, 2]\n{"id": "nt"}\n'
        '{"id": "bd", "text": "Bad date.", "published": "the 45th of Smarch"}\n'
    )
    (tmp_path / "huge.txt").write_text("word " * 4_200_000)  # 21 MB
    got = {(x.origin.rsplit("/", 1)[-1]): x for x in items(tmp_path)}
    codes = {k: (v.code if isinstance(v, Skip) else "ok") for k, v in got.items()}
    assert codes == {
        "blob.bin": "binary",
        "broken.html": "no_text",
        "empty.txt": "empty",
        "huge.txt": "too_large",
        "latin1.txt": "ok",
        "lines.jsonl:1": "ok",
        "lines.jsonl:2": "bad_json",
        "lines.jsonl:3": "bad_json",
        "lines.jsonl:4": "no_text",
        "lines.jsonl:5": "bad_date",
    }
    latin = got["latin1.txt"]
    assert isinstance(latin, Article)
    assert latin.text.startswith("Le préfet a déclaré")
    assert latin.metadata["encoding"] == "cp1252"
    for skip in got.values():
        if isinstance(skip, Skip):
            assert skip.reason and skip.hint


def test_missing_paths_are_skips_not_crashes(tmp_path: Path) -> None:
    [missing, pattern] = list(iter_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "*.zz")]))
    assert isinstance(missing, Skip) and missing.code == "not_found"
    assert isinstance(pattern, Skip) and pattern.code == "not_found"


def test_jsonl_streams_and_drops_oversized_lines_without_holding_them() -> None:
    big = json.dumps({"id": "big", "text": "x" * 5000})
    data = b'{"id": "a", "text": "small"}\n' + big.encode() + b'\n{"id": "b", "text": "after"}\n'
    out = list(read_jsonl(io.BytesIO(data), "mem", "", Limits(max_chars=100)))
    assert [getattr(x, "id", None) or x.code for x in out] == ["a", "too_large", "b"]  # type: ignore[union-attr]


def test_jsonl_reader_is_lazy() -> None:
    class Endless(io.RawIOBase):
        """An infinite JSONL stream: reading it whole would never finish."""

        def readable(self) -> bool:
            return True

        def readinto(self, b: bytearray) -> int:  # type: ignore[override]
            line = b'{"text": "again"}\n'
            n = min(len(b), len(line))
            b[:n] = line[:n]
            return n

    stream = iter_inputs(["-"], stdin=io.BufferedReader(Endless()))
    first = [next(stream) for _ in range(3)]
    assert all(isinstance(a, Article) and a.text == "again" for a in first)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("naïve café".encode(), "utf-8"),
        ("naïve café".encode("utf-8-sig"), "utf-8"),
        ("naïve café".encode("utf-16"), "utf-16"),
        ("naïve café".encode("cp1252"), "cp1252"),
    ],
)
def test_decoding(data: bytes, encoding: str) -> None:
    assert decode_bytes(data) == ("naïve café", encoding)
