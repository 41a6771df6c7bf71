"""US places named in an article, resolved against a gazetteer (``gazetteers.places.v2``).

The gazetteer is built from the ``zipcodes`` package (MIT; the embedded data of every US ZIP
code with its city, state, county, latitude, longitude and time zone), once per process:

- **cities**: (city lower-case, state code) -> city, county, state, lat/lon (the mean over the
  city's STANDARD ZIP codes; over all its ZIP codes when it has no STANDARD one), and
  ``gazetteer_id`` ``zip:<first zip>``; the number of ZIP codes stands in for the size of a place.
  A town with no ZIP code of its own is one of the acceptable names of its neighbour's ("Brown
  Deer" in Milwaukee's 53223, "Farmers Branch" in Dallas's): those names are cities too (v2),
  over the ZIP codes that list them, except the USPS abbreviations ("Farmers Brnch", "Clinton
  Twp"); "<City> City" is the city itself ("New York City").
- **counties**: (county lower-case, e.g. "multnomah county", state) -> a county record.
- **states**: names, USPS codes and AP abbreviations ("Ore.", "Calif.", "Minn.") -> code.

Places come from the NER's GPE/LOC entities, the dateline (an upper-case city at the head of a
line, kept with its written state even when the ZIP tables lack it) and, for names the NER left
untagged, their wording ("in north Wichita", "an Immokalee teenager", "Salina Police":
:func:`scan_places`; such names never decide the state when the NER tagged a city).
A city name is disambiguated by the state written beside it ("Portland, Ore."), then by the
dateline ("PORTLAND, Ore. (AP) —"), then by the state the article points at most (each
name's readings weighted by their size), then by size. When the article's web address is given,
the place it spells ("toledoblade.com": Toledo, Ohio) is a prior: its state gets some support,
and its city is taken for a story that names no other city in that state but names it
somewhere ("Chicago police"). It is never evidence on its own.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from spacy.tokens import Doc

from newsledger.analysis import Span
from newsledger.datafiles import DataFileError, read_versioned_json
from newsledger.geo import distance_km
from newsledger.nlp import headline
from newsledger.nlp.components import doc_text

VERSION = "gazetteers.places.v2"
SOURCE = "zipcodes==3.0.0"

STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico",
}  # fmt: skip

# AP style abbreviations (states not listed are spelled out in AP style).
AP_ABBREVIATIONS = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Cal.": "CA", "Colo.": "CO",
    "Conn.": "CT", "Del.": "DE", "D.C.": "DC", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL",
    "Ind.": "IN", "Kan.": "KS", "Kans.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD",
    "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT",
    "Neb.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY",
    "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI",
    "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT", "Va.": "VA",
    "Wash.": "WA", "W.Va.": "WV", "W. Va.": "WV", "Wis.": "WI", "Wyo.": "WY",
}  # fmt: skip

# Bare USPS codes count only after a comma ("Portland, OR"); these are also common words.
_CODE_IS_WORD = {"IN", "OR", "ME", "OK", "HI", "ID", "LA", "DE", "PA", "MA", "CO", "AL"}


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: a city, a county or a state."""

    kind: str  # city | county | state
    name: str
    state: str
    city: str | None = None
    county: str | None = None
    lat: float | None = None
    lon: float | None = None
    gazetteer_id: str | None = None
    size: int = 0  # ZIP codes, a proxy for population


@dataclass(slots=True)
class Gazetteer:
    cities: dict[tuple[str, str], Place] = field(default_factory=dict)
    counties: dict[tuple[str, str], Place] = field(default_factory=dict)
    city_states: dict[str, list[str]] = field(default_factory=dict)  # city -> states, by size
    county_states: dict[str, list[str]] = field(default_factory=dict)
    states: dict[str, str] = field(default_factory=dict)  # lower-case name/abbr -> code


# USPS abbreviations in the acceptable names of a ZIP code ("Farmers Brnch", "Clinton Twp",
# "Linville Fls"): such a name is never how a story writes the place.
_USPS_ABBREVIATIONS = frozenset(
    {"afb", "bch", "brg", "ctr", "cty", "cy", "est", "fls", "ft", "hbr", "hl", "hls", "hts", "is",
     "isl", "jct", "lk", "lks", "ltl", "mnt", "mt", "mtn", "mtry", "nas", "pk", "plt", "pr",
     "prt", "pt", "rdg", "rvr", "sq", "st", "sta", "ter", "tn", "vlg", "vly", "cors", "spngs",
     "spg", "crk", "grv", "cyn", "mls", "mnr", "wht", "n", "s", "e", "w", "no"}
)  # fmt: skip


def _full_name(name: str) -> bool:
    """Whether an acceptable name of a ZIP code is written out: no USPS abbreviation, every
    word with a vowel, no clipped ending ("Constablevle")."""
    words = name.replace("-", " ").split()
    return bool(words) and not any(
        w in _USPS_ABBREVIATIONS or not any(c in "aeiouy" for c in w) or w.endswith("vle")
        for w in words
    )


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The place index, built once per process from the ``zipcodes`` package (about 1 s)."""
    import zipcodes

    city_zips: dict[tuple[str, str], list[dict[str, Any]]] = {}
    alt_zips: dict[tuple[str, str], list[dict[str, Any]]] = {}
    alt_names: dict[tuple[str, str], str] = {}
    aliases: dict[tuple[str, str], tuple[str, str]] = {}
    county_zips: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for z in zipcodes.list_all():
        state, city, county = z.get("state"), z.get("city"), z.get("county")
        if not state or z.get("zip_code_type") == "MILITARY":
            continue
        if city:
            city_zips.setdefault((city.lower(), state), []).append(z)
        if county:
            county_zips.setdefault((county.lower(), state), []).append(z)
        # A town that shares its ZIP codes with a bigger one ("Brown Deer" in Milwaukee's,
        # "Farmers Branch" in Dallas's) is one of their acceptable names, with the USPS
        # abbreviations left out (and, below, the names that are some ZIP code's own city)
        for alt in z.get("acceptable_cities") or []:
            key = alt.lower()
            if key == f"{str(city).lower()} city":
                aliases[(key, state)] = (key.removesuffix(" city"), state)  # "New York City"
            elif _full_name(key):
                alt_zips.setdefault((key, state), []).append(z)
                alt_names.setdefault((key, state), alt)
    alt_zips = {k: zips for k, zips in alt_zips.items() if k not in city_zips}
    gaz = Gazetteer()
    for (key, state), zips in [*city_zips.items(), *alt_zips.items()]:
        standard = [z for z in zips if z.get("zip_code_type") == "STANDARD"] or zips
        counties = Counter(z.get("county") for z in standard if z.get("county"))
        name = str(zips[0]["city"]) if (key, state) in city_zips else alt_names[(key, state)]
        gaz.cities[(key, state)] = Place(
            kind="city",
            name=name,
            state=state,
            city=name,
            county=counties.most_common(1)[0][0] if counties else None,
            lat=_mean([float(z["lat"]) for z in standard if z.get("lat")]),
            lon=_mean([float(z["long"]) for z in standard if z.get("long")]),
            gazetteer_id=f"zip:{min(z['zip_code'] for z in zips)}",
            size=len(zips),
        )
    for alias, primary in aliases.items():
        if alias not in gaz.cities and primary in gaz.cities:
            gaz.cities[alias] = gaz.cities[primary]
    for (key, state), zips in county_zips.items():
        standard = [z for z in zips if z.get("zip_code_type") == "STANDARD"] or zips
        gaz.counties[(key, state)] = Place(
            kind="county",
            name=str(zips[0]["county"]),
            state=state,
            county=str(zips[0]["county"]),
            lat=_mean([float(z["lat"]) for z in standard if z.get("lat")]),
            lon=_mean([float(z["long"]) for z in standard if z.get("long")]),
            gazetteer_id=f"zip-county:{state}:{zips[0]['county']}",
            size=len(zips),
        )
    for table, index in ((gaz.cities, gaz.city_states), (gaz.counties, gaz.county_states)):
        readings: dict[str, list[tuple[int, str]]] = {}
        for (key, state), place in table.items():
            readings.setdefault(key, []).append((-place.size, state))
        for key, sized in readings.items():
            index[key] = [state for _, state in sorted(sized)]
    for code, name in STATE_NAMES.items():
        gaz.states[name.lower()] = code
        gaz.states[code.lower()] = code
    for abbr, code in AP_ABBREVIATIONS.items():
        gaz.states[abbr.lower()] = code
    return gaz


def data_versions() -> dict[str, str]:
    return {
        "gazetteers.places": f"{VERSION} ({SOURCE})",
        "gazetteers.outlets": str(_outlet_registry_file()["version"]),
    }


def state_code(text: str, *, allow_code: bool = True) -> str | None:
    """The USPS code of a state as written ("Oregon", "Ore.", "OR"), else None."""
    t = " ".join(text.strip().split())
    if not t:
        return None
    if len(t) == 2 and t.isupper():
        return t if allow_code and t in STATE_NAMES else None
    code = load_gazetteer().states.get(t.lower())
    if code is None and not t.endswith("."):
        code = load_gazetteer().states.get(t.lower() + ".")
        if code is not None and t.lower() not in ("wash", "miss", "ill", "mass", "la", "pa"):
            return None  # "Ore" without the dot only as a prefix of the full form
    return code


def _index_key(kind: str, key: str) -> str:
    """The gazetteer's key for a lower-case name: a county's with its "county" ("mesa" ->
    "mesa county"), a city's as indexed ("st. louis" -> "saint louis" when only that is)."""
    if kind == "county":
        return key if key.endswith((" county", " parish", " borough")) else key + " county"
    if key in load_gazetteer().city_states:
        return key
    return key.replace("st. ", "saint ")


def lookup_city(name: str, state: str | None = None) -> Place | None:
    """A city by name, in ``state`` when given, else the largest of that name."""
    gaz = load_gazetteer()
    key = " ".join(name.lower().replace("st. ", "saint ").split())
    plain = " ".join(name.lower().split())
    for k in dict.fromkeys((plain, key, plain.replace("-", " "))):
        if state:
            if (hit := gaz.cities.get((k, state))) is not None:
                return hit
        elif k in gaz.city_states:
            return gaz.cities[(k, gaz.city_states[k][0])]
    return None


def lookup_county(name: str, state: str | None = None) -> Place | None:
    gaz = load_gazetteer()
    k = _index_key("county", " ".join(name.lower().split()))
    if state:
        return gaz.counties.get((k, state))
    states = gaz.county_states.get(k)
    return gaz.counties[(k, states[0])] if states else None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text, resolved (``place``) or not."""

    span: Span
    kind: str  # city | county | state
    name: str
    state_hint: str | None  # the state written beside it
    place: Place | None = None
    sent: int = -1  # token index where its sentence starts


_STATE_WORDS = "|".join(
    re.escape(s)
    for s in sorted([*STATE_NAMES.values(), *AP_ABBREVIATIONS, *STATE_NAMES], key=len, reverse=True)
)
_AFTER_COMMA_STATE = re.compile(r",\s*(" + _STATE_WORDS + r")(?![A-Za-z])")
# "PORTLAND, Ore. (AP) —", "HILLIARD, OH (WCMH) –Neighbors", "NEW YORK >> In the quiet": an
# upper-case city, maybe its state and the outlet, then a dash (or ">>"). Tried at each word
# start of a line's first 80 characters, since a byline, a label or a title may come first.
_CAPS_CITY = r"(?P<city>[A-Z][A-Z.'\- ]{1,30}[A-Z.])"
_COMMA_STATE = r"(?:,\s*(?P<state>[A-Z][A-Za-z. ]{1,16}?))?"
_DATELINE = re.compile(
    _CAPS_CITY
    + _COMMA_STATE
    + r"\s*(?:\([^)\n]{1,40}\)\s*)?"
    + r"(?:[—–\x96]{1,2}|-{1,2}\s|--(?=[A-Z])|>>\s)"  # "AUBURN, Alabama --Auburn freshman"
)
# Two less usual forms, read only at a line's start: a city in title case that the outlet's
# name in brackets marks as a dateline ("Killingly (AP) —", "Sullivan, Ind. (WIBQ) -"), and an
# upper-case city in brackets ("(BROOKLYN) - Indiana Conservation Officers ...").
_DATELINE_TITLED = re.compile(
    r"(?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"
    + _COMMA_STATE
    + r"\s*\((?:AP|[A-Z][A-Za-z0-9]{1,12})\)\s*(?:[—–\x96]{1,2}|-{1,2})"
)
_DATELINE_BRACKETED = re.compile(
    r"\(" + _CAPS_CITY + _COMMA_STATE + r"\)\s*(?:[—–\x96]{1,2}|-{1,2}\s)"
)
_COUNTY = re.compile(r"\b((?:[A-Z][a-z]+\.?\s){1,3})(County|Parish)\b")


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


_DATELINE_START = re.compile(r"\s+|(?<=[a-z0-9])(?=[A-Z]{2})")


def dateline(text: str) -> PlaceMention | None:
    """The dateline city at the start of the article ("PORTLAND, Ore. (AP) —"), if any."""
    found = _find_dateline(text)
    return found[0] if found is not None else None


def dateline_end(text: str) -> int | None:
    """Where the text after a dateline that opens a line begins: the offset just past its dash
    ("PORTLAND, Ore. (AP) — " ends before "A man ..."), None without one."""
    found = _find_dateline(text)
    if found is None or not found[1]:
        return None
    end = found[2]
    while end < len(text) and text[end] in " \t":
        end += 1
    return end


def _find_dateline(text: str) -> tuple[PlaceMention, bool, int] | None:
    """The dateline's place, whether it opens its line, and the end of its match."""
    head = text[:400]
    for line in re.finditer(r"[^\n]+", head):
        # word starts, and upper case glued to a title ("... | Fox16FORT SMITH, Ark. -")
        starts = [0] + [w.end() for w in _DATELINE_START.finditer(line.group(0)[:80])]
        unread_end = -1
        for start in starts:
            m = _DATELINE.match(head, line.start() + start, line.end() + 1)
            if m is None or m.end() == unread_end:
                # the last words of an unread name are not the place ("BROWN DEER —" is not
                # Deer, Ark.)
                continue
            found = _dateline_place(text, m, unknown_ok=start == 0)
            if found is not None:
                return found, start == 0, m.end()
            if start == 0 and not m["state"]:
                unread_end = m.end()
        for pattern in (_DATELINE_TITLED, _DATELINE_BRACKETED):
            m = pattern.match(head, line.start(), line.end() + 1)
            if m is not None and (found := _dateline_place(text, m, unknown_ok=False)):
                return found, True, m.end()
    return None


# Words that make an unknown dateline name something other than a city.
_NOT_CITY_WORDS = frozenset(
    {"County", "Parish", "Borough", "Township", "Twp", "Area", "Valley", "North", "South", "East",
     "West", "Northwest", "Northeast", "Southwest", "Southeast", "Downtown", "Central", "Greater",
     "Metro"}
)  # fmt: skip


def _dateline_place(text: str, m: re.Match[str], *, unknown_ok: bool) -> PlaceMention | None:
    """The place of a dateline match; one the gazetteer lacks only when ``unknown_ok`` (the
    line starts with it) and a state is written beside it."""
    city = m["city"].strip()
    if len(city) < 3 or not any(c.isalpha() for c in city):
        return None
    state = state_code(m["state"]) if m["state"] else None
    if m["state"] and state is None:
        return None
    name = city.title()
    end = m.end("state") if m["state"] else m.end("city")
    if name.endswith((" County", " Parish")):
        # "DAUPHIN COUNTY, Pa. –": the story was filed from a county, not a town
        county = lookup_county(name, state)
        if county is None:
            return None
        return PlaceMention(_span(text, m.start("city"), end), "county", county.name, state, county)
    if not _city_like(name):
        return None
    place = lookup_city(name, state)
    if place is None and name.endswith(" Township"):
        place = lookup_city(name.removesuffix(" Township"), state)
    if (
        place is None
        and state is not None
        and unknown_ok
        and not set(name.replace(".", "").split()) & _NOT_CITY_WORDS
    ):
        # a place the ZIP tables file under another name ("BUCKSPORT, SC"): the text is plain
        place = Place("city", name, state, city=name)
    if place is None:
        return None
    return PlaceMention(_span(text, m.start("city"), end), "city", place.name, state, place)


# Words the NER now and then tags as a place that are also the name of some hamlet.
_NOT_CITIES = frozenset(
    {"avenue", "park", "police", "street", "springs", "county", "city", "north", "south", "east",
     "west", "miranda"}
)  # fmt: skip


def _city_like(name: str) -> bool:
    """Whether a GPE entity can be a city name: capitalised and not a common word."""
    return name[:1].isupper() and name.lower() not in _NOT_CITIES


def find_places(doc: Doc) -> list[PlaceMention]:
    """City, county and state mentions among the GPE entities, with the state beside each."""
    text = doc_text(doc)
    out: list[PlaceMention] = []
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        name = ent.text.strip()
        start, end = ent.start_char, ent.end_char
        hint = None
        if "," in name:
            name, _, rest = name.partition(",")
            hint = state_code(rest)
        else:
            m = _AFTER_COMMA_STATE.match(text, end)
            if m is not None:
                hint = state_code(m.group(1))
                if hint is not None:
                    end = m.end(1)
        name = name.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        if not name:
            continue
        code = state_code(name, allow_code=False)
        if code is not None:
            out.append(
                PlaceMention(
                    _span(text, start, end), "state", STATE_NAMES[code], code, sent=ent.sent.start
                )
            )
            continue
        if ent.label_ == "FAC":
            continue
        cm = _COUNTY.search(name + (text[ent.end_char : ent.end_char + 7]))
        if name.endswith((" County", " Parish")) or (cm and cm.start() == 0):
            cname = name if name.endswith((" County", " Parish")) else cm.group(0) if cm else name
            out.append(
                PlaceMention(
                    _span(text, start, end), "county", cname.strip(), hint, sent=ent.sent.start
                )
            )
            continue
        if ent.label_ in ("GPE", "LOC") and hint is None and (base := _city_part(name)):
            # "Northeast Portland", "South Portland": a part of the city, read as the city;
            # a town of that whole name ("South Portland", Maine) needs its state written
            out.append(
                PlaceMention(_span(text, start, end), "city", base, None, sent=ent.sent.start)
            )
            continue
        if ent.label_ == "GPE" and _city_like(name) and lookup_city(name) is not None:
            out.append(
                PlaceMention(_span(text, start, end), "city", name, hint, sent=ent.sent.start)
            )
    return out


_DIRECTIONS = (
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
)  # fmt: skip
_CITY_PART_MIN_ZIPS = 10  # the base must be a large city ("North Minneapolis", not "North Adams")


def _city_part(name: str) -> str | None:
    """The city a "<direction> <city>" name is a part of ("Northeast Portland"), when that city
    is a large one and no town of the whole name lies in its state ("North Charleston" and
    "East Hartford" are towns beside their city; "South Portland" is in Maine, not Oregon)."""
    first, _, rest = name.partition(" ")
    if first.lower() not in _DIRECTIONS or not rest or not _city_like(rest):
        return None
    gaz = load_gazetteer()
    key = _index_key("city", " ".join(rest.lower().split()))
    large = [
        state
        for state in gaz.city_states.get(key, [])
        if gaz.cities[(key, state)].size >= _CITY_PART_MIN_ZIPS
    ]
    # "North Charleston" is a city of South Carolina, where Charleston is large too (though
    # West Virginia's Charleston is larger)
    if not large or any(lookup_city(name, state) is not None for state in large):
        return None
    return rest


# A capitalised name the NER left untagged, where a place is usual: after "in", "near", "of",
# "from" ("in north Wichita", "a teenager from Killingly") or before "police", a resident
# noun, "shooting" or a venue ("Salina Police", "his Paterson home", "an Immokalee teenager",
# "Cicero shooting", "at Kokomo bar").
_NAME = r"(?P<name>(?:St\.\s)?[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"
# words before a town that leave it the town ("in south suburban Dolton", "in rural Elgin")
_PLACE_MODIFIERS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
     "northern", "southern", "eastern", "western", "downtown", "rural", "suburban"}
)  # fmt: skip
_MODIFIER = r"(?:" + "|".join(sorted(_PLACE_MODIFIERS, key=len, reverse=True)) + r")\s+"
_SHOOTING = (
    r"(?:(?:drive-by|double|triple|fatal|deadly)\s+)?"
    r"(?:[Ss]hooting|[Hh]omicide|[Mm]urder-[Ss]uicide|[Mm]urder|[Ss]tandoff)"
)
_SCAN = re.compile(
    r"\b(?:[Ii]n|[Nn]ear|[Oo]f|[Ff]rom|[Oo]utside|at)\s+(?:"
    + _MODIFIER
    + r"){0,2}"
    + _NAME
    + r"(?![\w-])"
    + r"|(?<![\w-])"
    + _NAME.replace("name", "name2")
    + r"\s+(?:[Pp]olice|man|woman|boy|girl|teen|teenager|resident|home|apartment|residence"
    + r"|"
    + _SHOOTING
    + r"|bar|hotel|motel|park|mall|nightclub|club|restaurant|store|shopping"
    + r")\b"
)
_SHOOTING_AFTER = re.compile(r"\s+" + _SHOOTING + r"\b")
_ENDS_IN_INCIDENT = re.compile(_SHOOTING + r"$")
# words a Title Case headline runs on with after a town ("in St. Paul Shooting")
_TITLE_WORDS = frozenset(
    {"shooting", "shootings", "police", "man", "woman", "teen", "boy", "girl", "home",
     "during", "after", "killed", "dies", "dead", "shot", "standoff", "crash"}
)  # fmt: skip
_MUNICIPALITY_WORDS = (" Borough",)  # a township is often not the town of its name
_LONGER_NAME = re.compile(r"[ -](?:Mc|Mac|O')?[A-Z]")
_LEADING_WORD = re.compile(r"(?:A|An|The|His|Her|Their|Our)\s+(?=[A-Z])")
_NOT_SCANNED = frozenset(
    {"DATE", "TIME", "PERSON", "NORP", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "EVENT"}
)


def scan_places(doc: Doc) -> list[PlaceMention]:
    """City names the NER did not tag, found by their wording (``_SCAN``) and the gazetteer."""
    text = doc_text(doc)
    out: list[PlaceMention] = []
    heads = headline.headline_range(doc)
    # "took the firearm from Walker" where the story has named "Perez Walker"
    people = {
        w.lower()
        for ent in doc.ents
        if ent.label_ == "PERSON" and " " in ent.text.strip()
        for w in ent.text.split()[-1:]
    }
    for m in _SCAN.finditer(text):
        group = "name" if m["name"] else "name2"
        start, end = m.start(group), m.end(group)
        name = m[group]
        if name.lower() in people:
            continue
        if m.group(0).startswith("at ") and text[end : end + 2] in ("'s", "’s"):
            continue  # "at Angie's Bar" is a business
        title_case = m.group(0)[:1].isupper()  # "In Deadly Florida City Shooting"
        if (
            group == "name"
            and (longer := _LONGER_NAME.match(text, end)) is not None
            and not (
                title_case
                and text[longer.start() + 1 : longer.start() + 20].split(None, 1)[0].lower()
                in _TITLE_WORDS
            )
        ):
            continue  # "of Essie McIntyre Boulevard": a longer name the pattern cannot hold
        if group == "name2" and (lead := _LEADING_WORD.match(name)) is not None:
            name, start = name[lead.end() :], start + lead.end()  # "An Immokalee teenager"
        if lookup_city(name) is None and name.endswith(_MUNICIPALITY_WORDS):
            name = name.rsplit(" ", 1)[0]  # "in Hummelstown Borough"
            end = start + len(name)
        if lookup_city(name) is None and " " in name:
            # a Title Case headline runs on: "in St. Paul Shooting", "Deadly Florida City
            # Shooting"
            words = name.split(" ")
            while group == "name" and len(words) > 1 and words[-1].lower() in _TITLE_WORDS:
                words.pop()
            if (group == "name2" and _ENDS_IN_INCIDENT.search(m.group(0))) or (
                group == "name" and title_case
            ):
                while (
                    len(words) > 1
                    and lookup_city(" ".join(words)) is None
                    and words[0].lower() not in _DIRECTIONS  # "North Lawndale" is not Lawndale
                ):
                    start += len(words.pop(0)) + 1
            name = " ".join(words)
            end = start + len(name)
        if not _city_like(name) or lookup_city(name) is None:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        # "his Paterson home": a town the NER took for a person, told by the possessive before it
        # "a Madison apartment" too (a family's name takes "the": "the Johnson home")
        at_home = (
            group == "name2"
            and m.group(0).endswith(("home", "apartment", "residence"))
            and text[max(start - 7, 0) : start].lower().split()[-1:]
            in (["his"], ["her"], ["their"], ["a"], ["an"])
        )
        if span is None or any(
            t.ent_type_ in _NOT_SCANNED
            and not (group == "name" and t.ent_type_ == "NORP")
            and not (at_home and t.ent_type_ == "PERSON")
            and not (
                group == "name"
                and t.ent_type_ == "PERSON"
                and m.group(0).split()[0] in ("in", "near", "outside")
            )
            for t in span
        ):
            continue  # after "in" / "near", a town the NER took for a group is still a town
        if (
            span.start == span.sent.start
            and group == "name2"
            and "Police" not in m.group(0)
            and not _ENDS_IN_INCIDENT.search(m.group(0))
            and " " not in name
            # a headline opens with its town: "Augusta man shot while fleeing gunman"
            and not (_inside(heads, start) and m.group(0).split()[-1] in _HOME_AFTER)
        ):
            continue  # a sentence's first word is capitalised anyway ("Salina Police" counts)
        hint = None
        if (after := _AFTER_COMMA_STATE.match(text, end)) is not None:
            hint = state_code(after.group(1))
        out.append(PlaceMention(_span(text, start, end), "city", name, hint, sent=span.sent.start))
    return out


def article_states(mentions: Iterable[PlaceMention]) -> Counter[str]:
    """How often each state is named (as a state or beside a place)."""
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.kind == "state":
            counts[m.state_hint or ""] += 1
        elif m.state_hint:
            counts[m.state_hint] += 1
    counts.pop("", None)
    return counts


def resolve(mention: PlaceMention, *, context_states: Iterable[str] = ()) -> Place | None:
    """The gazetteer entry of a mention: by its own state, else the first context state that
    has a place of that name, else the largest place of that name."""
    look = lookup_county if mention.kind == "county" else lookup_city
    if mention.kind == "state":
        code = mention.state_hint
        return Place("state", STATE_NAMES[code], code) if code else None
    if mention.state_hint:
        return look(mention.name, mention.state_hint)
    for state in context_states:
        if (hit := look(mention.name, state)) is not None:
            return hit
    return look(mention.name, None)


def location_record(place: Place, evidence: list[Span]) -> dict[str, Any]:
    """The contract's ``incidents[].location`` for a resolved place. The District of Columbia
    is one city: a story placed only in "D.C." is in Washington."""
    if place.kind == "state" and place.state == "DC":
        place = lookup_city("Washington", "DC") or place
    return {
        "name": place.name if place.kind != "city" else f"{place.name}, {place.state}",
        "city": place.city,
        "county": place.county,
        "state": place.state,
        "country": "US",
        "lat": place.lat,
        "lon": place.lon,
        "gazetteer_id": place.gazetteer_id,
        "precision": place.kind,
        "evidence": [s.to_dict() for s in evidence],
    }


_STREET_SUFFIX = (
    r"(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Drive|Dr\.|Lane|Ln\.|Court|"
    r"Ct\.|Place|Pl\.|Way|Parkway|Pkwy\.|Circle|Terrace|Trail|Highway)"
)
_STREET = r"(?:(?:[A-Z0-9][\w'’-]*\.?)\s+){1,4}?" + _STREET_SUFFIX + r"(?![\w-])"
# "the 5500 block of West Old National Road", "at 4290 Melwood Road"
_ADDRESS = re.compile(
    r"\b(?:(?:the\s+)?\d{1,6}\s+block\s+of\s+" + _STREET + r"|\d{1,6}\s+" + _STREET + r")"
)


def with_address(
    doc: Doc, location: dict[str, Any], focus: set[int] | frozenset[int]
) -> dict[str, Any]:
    """``location`` narrowed to a street address where the incident's sentences give one in
    the city found ("in the 5500 block of West Old National Road"): precision ``address``,
    the address first in ``name`` and among the evidence. The coordinates stay the city's
    (there is no street geocoder offline)."""
    if location.get("precision") != "city":
        return location
    text = doc_text(doc)
    for start in sorted(focus):
        sent = doc[start].sent
        m = _ADDRESS.search(text, sent.start_char, sent.end_char)
        if m is None:
            continue
        begin = m.start() + (4 if m.group(0).startswith("the ") else 0)
        address = _span(text, begin, m.end())
        return {
            **location,
            "name": f"{address.text}, {location['name']}",
            "precision": "address",
            "evidence": [*location["evidence"], address.to_dict()],
        }
    return location


EMPTY_LOCATION: dict[str, Any] = {
    "name": None,
    "city": None,
    "county": None,
    "state": None,
    "country": None,
    "lat": None,
    "lon": None,
    "gazetteer_id": None,
    "precision": None,
    "evidence": [],
}


def _readings(m: PlaceMention) -> list[str]:
    """The states where a city or county mention has a place of its name, largest first."""
    if m.state_hint:
        return [m.state_hint]
    gaz = load_gazetteer()
    key = _index_key(m.kind, m.name.lower())
    index = gaz.county_states if m.kind == "county" else gaz.city_states
    return list(index.get(key, []))


# An outlet's home: a city of at least this many ZIP codes, or a state, spelled inside a label
# of its web address ("toledoblade.com", "chicago.suntimes.com", "northwestgeorgianews.com").
_OUTLET_MIN_ZIPS = 6
_OUTLET_MIN_LETTERS = 5
OUTLET_WEIGHT = 1.5  # support for the outlet's state: less than one state named in the text


@functools.cache
def _outlet_names() -> dict[str, Place]:
    """Names an address may spell (lower-case, no spaces) -> the largest city of that name, or
    the state. Built once per process."""
    gaz = load_gazetteer()
    names: dict[str, Place] = {}
    for code, name in STATE_NAMES.items():
        names[name.lower().replace(" ", "")] = Place("state", name, code)
    for key, states in gaz.city_states.items():
        place = gaz.cities[(key, states[0])]
        total = sum(gaz.cities[(key, s)].size for s in states)
        joined = "".join(ch for ch in key if ch.isalpha())
        if place.size >= _OUTLET_MIN_ZIPS and 2 * place.size > total and len(joined) >= 5:
            names[joined] = place  # a city wins over a state of its name (New York, Washington)
    return names


OUTLETS_FILE = Path(__file__).resolve().parents[1] / "data" / "outlets-v1.json"


@functools.cache
def _outlet_registry_file() -> dict[str, Any]:
    return read_versioned_json(OUTLETS_FILE, "the outlet registry")


@functools.cache
def _outlet_registry() -> dict[str, Place]:
    """Host -> the outlet's home city, from ``data/outlets-v1.json`` (written by hand)."""
    out: dict[str, Place] = {}
    for host, home in _outlet_registry_file()["outlets"].items():
        city, _, code = home.rpartition(", ")
        place = lookup_city(city, code)
        if place is None:
            raise DataFileError(f"the outlet registry's home {home!r} for {host} is not a city")
        out[host] = place
    return out


def outlet_home(url: str | None) -> Place | None:
    """The place an outlet is at, if known: its host (or a parent domain of it) in the outlet
    registry, else the longest city or state name spelled in one of its host labels. A prior
    for where its stories happen, never evidence."""
    if not url:
        return None
    host = (urlparse(url if "//" in url else "//" + url).hostname or "").lower()
    registry = _outlet_registry()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if (known := registry.get(".".join(parts[i:]))) is not None:
            return known
    labels = [x for x in host.split(".")[:-1] if x not in ("www", "m", "mobile")]
    names = _outlet_names()
    best: Place | None = None
    best_len = 0
    for label in labels:
        letters = "".join(ch for ch in label if ch.isalpha())
        for i in range(len(letters)):
            for j in range(len(letters), i + max(_OUTLET_MIN_LETTERS, best_len + 1) - 1, -1):
                if (hit := names.get(letters[i:j])) is not None:
                    best, best_len = hit, j - i
                    break
    if best is None:
        # a site with an edition per city: "dnainfo.com/chicago/..."
        path = urlparse(url if "//" in url else "//" + url).path.strip("/").split("/")
        first = "".join(ch for ch in path[0].lower() if ch.isalpha()) if path else ""
        if (hit := names.get(first)) is not None and hit.kind == "city":
            best = hit
    return best


def _reading_weights(m: PlaceMention) -> dict[str, float]:
    """Each state's share of a city or county name, by size: "Detroit" is Michigan's (46 ZIP
    codes against 1 each in four other states); "Salisbury" is split between its readings."""
    if m.state_hint:
        return {m.state_hint: 1.0}
    gaz = load_gazetteer()
    table = gaz.counties if m.kind == "county" else gaz.cities
    key = _index_key(m.kind, m.name.lower())
    states = _readings(m)
    sizes = {s: max(table[(key, s)].size, 1) for s in states if (key, s) in table}
    total = sum(sizes.values())
    return {s: n / total for s, n in sizes.items()} if total else {}


def state_support(
    mentions: list[PlaceMention], line: PlaceMention | None, home: Place | None = None
) -> list[str]:
    """States ordered by how much of the article points at them: named states (twice), and
    every city and county name, once by distinct name, split among the states that have a
    place of that name by their size (:func:`_reading_weights`); ties go to the state of the
    largest reading of the earliest name."""
    support: dict[str, float] = {}
    written = article_states(mentions)
    for code, n in written.items():
        support[code] = support.get(code, 0.0) + 2 * n
    # with no state written anywhere, a local outlet's reader takes a name as the one nearby
    # ("Lansing" from a Chicago station is Lansing, Ill., not Michigan's capital)
    local = home is not None and not written and not (line is not None and line.state_hint)
    seen: set[tuple[str, str]] = set()
    order: list[str] = []
    times = Counter((m.kind, m.name.lower()) for m in mentions if m.kind != "state")
    for m in mentions:
        if m.kind == "state":
            continue
        order.extend(_readings(m))
        if (m.kind, m.name.lower()) in seen:
            continue
        seen.add((m.kind, m.name.lower()))
        # a name told again and again points there more ("Chicago" seven times against one
        # "Superior, Wis."), by the logarithm of its count
        again = 1.0 + math.log2(times[(m.kind, m.name.lower())])
        near = (
            near_outlet(m.kind, m.name, home, reach_km=_LOCAL_KM)
            if local and not m.state_hint
            else None
        )
        weights = {near.state: 1.0} if near is not None else _reading_weights(m)
        for code, weight in weights.items():
            support[code] = support.get(code, 0.0) + weight * again
    if line is not None and line.state_hint:
        support[line.state_hint] = support.get(line.state_hint, 0.0) + 10
    if home is not None:
        support[home.state] = support.get(home.state, 0.0) + OUTLET_WEIGHT
    first = {code: i for i, code in reversed(list(enumerate(order)))}
    return sorted(support, key=lambda c: (-support[c], first.get(c, len(order))))


def _most_told(
    candidates: list[PlaceMention],
    focus: set[int] | frozenset[int],
    doc: Doc | None = None,
) -> PlaceMention | None:
    """The place the article tells most: named in the incident's sentences, then a place where
    something happened over one only someone's home ("of Rochester", "a Rochester man"), then
    named most often ("West Haven" once against "New Haven" five times), then named first."""
    if not candidates:
        return None
    counts = Counter(m.name.lower() for m in candidates)
    is_home = {id(m): doc is not None and _home_of(doc, m) for m in candidates}
    # named in the incident's sentences as where it happened, not only as someone's home
    # ("Alvin boy, 7, lucky to be alive after shooting himself")
    told = {m.name.lower() for m in candidates if m.sent in focus and not is_home[id(m)]}
    homes = Counter(m.name.lower() for m in candidates if is_home[id(m)])
    only_home = {name for name, n in homes.items() if n == counts[name]}
    ranked = sorted(
        enumerate(candidates),
        key=lambda im: (
            im[1].name.lower() not in told,
            im[1].name.lower() in only_home,
            -counts[im[1].name.lower()],
            im[0],
        ),
    )
    name = ranked[0][1].name.lower()
    focused = [m for m in candidates if m.name.lower() == name and m.sent in focus]
    return (focused or [ranked[0][1]])[0]


_HOME_AFTER = frozenset({"man", "woman", "boy", "girl", "teen", "resident", "native", "residents"})


def _after_incident_preposition(doc: Doc, span: Span, *, homes: bool = False) -> bool:
    """Whether "in", "near", "at" or "outside" (maybe with "the") comes right before a place;
    with ``homes``, also before someone's home there ("outside his Glen Flora home")."""
    text = doc_text(doc)
    if _SHOOTING_AFTER.match(text, span.end):
        return True  # "the Allentown shooting", "Cicero shooting", "Wilmington double shooting"
    words = text[max(span.start - 30, 0) : span.start].lower().split()
    while len(words) > 1 and words[-1] in _PLACE_MODIFIERS:
        words = words[:-1]  # "in south suburban Dolton"
    if words and words[-1] in ("the", "a", "an"):
        words = words[:-1]  # "in the Bronx", "at a Madison apartment complex"
    elif (
        homes
        and words
        and words[-1] in ("his", "her", "their")
        and re.match(r"\s+(?:home|residence)\b", text[span.end : span.end + 12]) is not None
    ):
        words = words[:-1]  # "outside his Glen Flora home"
    return bool(words) and words[-1] in _INCIDENT_PREPOSITIONS


def _home_of(doc: Doc, m: PlaceMention) -> bool:
    """Whether a place is named only as someone's home: "John Lander of Rochester", "a woman
    from Rochester", "a Rochester man", "Rochester resident"."""
    span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
    if span is None:
        return False
    if span.start > 0 and doc[span.start - 1].lower_ in ("of", "from"):
        head = doc[span.start - 1].head
        return head.pos_ in ("PROPN", "NOUN", "PRON", "NUM") and head.ent_type_ != "GPE"
    return span.end < len(doc) and doc[span.end].lower_ in _HOME_AFTER


def _care_of(doc: Doc, m: PlaceMention) -> bool:
    """Whether a place is named as where someone was taken or examined: "a Fargo hospital",
    "St. Mary's Hospital in Evansville", "the Medical Examiner's Office in Raleigh", "sent to
    Dallas for an autopsy" (not "the Cook County medical examiner", which names its county)."""
    span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
    if span is None:
        return False
    before = doc[max(span.start - 4, 0) : span.start].text.lower()
    after = doc[span.end : span.end + 4].text.lower()
    return (
        any(w in before for w in ("hospital", "medical center", "clinic", "examiner"))
        or after.startswith(("hospital", "medical center", "clinic"))
        or "autopsy" in after
    )


def _split_care(
    doc: Doc, mentions: list[PlaceMention]
) -> tuple[list[PlaceMention], list[PlaceMention]]:
    """(places, places of care): where someone was taken for care or examined ("flown to St.
    Mary's Hospital in Evansville, Indiana", "a Fargo hospital") is not where it happened."""
    is_care = [_care_of(doc, m) for m in mentions]
    care = [m for m, c in zip(mentions, is_care, strict=True) if c]
    return [m for m, c in zip(mentions, is_care, strict=True) if not c], care


def _another_county(mentions: list[PlaceMention], home: Place, state: str) -> bool:
    """Whether the text names a county of ``state`` that the outlet's city is not in ("in
    Bartow County" in an Atlanta paper's story): then it is no neighbourhood story."""
    counties = [m for m in mentions if m.kind == "county" and state in _readings(m)]
    if not counties:
        return False
    found = [resolve(m, context_states=[state]) for m in counties]
    names = {p.name for p in found if p is not None}
    return bool(names) and home.county not in names


def _named(text: str, name: str) -> Span | None:
    """The first place ``name`` is written in ``text`` as a whole word (as written or upper)."""
    for form in (name, name.upper()):
        m = re.search(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text)
        if m is not None:
            return _span(text, m.start(), m.end())
    return None


_INCIDENT_PREPOSITIONS = frozenset({"in", "near", "at", "outside", "inside"})
_CARE_WORDS = ("hospital", "medical", "center", "centre", "clinic", "jail", "court")
_NEAR_KM = 150.0


def _km(a: Place, b: Place) -> float:
    """Great-circle distance between two places, infinite when one has no coordinates."""
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def _told_elsewhere(
    doc: Doc,
    mentions: list[PlaceMention],
    focus: set[int] | frozenset[int],
    line: PlaceMention,
    line_place: Place,
) -> dict[str, Any] | None:
    """A city other than the dateline's, in its state, where the incident's sentences say it
    happened ("NASHVILLE, Tenn. — ... shot in Madison"): the dateline is where the story was
    filed, which is often the outlet's city rather than the incident's."""
    candidates = []
    heads = headline.headline_range(doc)
    for m in mentions:
        if m.kind != "city" or m.sent not in focus:
            continue
        if m.span.start < line.span.end and not _inside(heads, m.span.start):
            continue  # before the dateline, only the headline tells the story
        state = line_place.state
        if m.name.lower() == line.name.lower() or state not in _readings(m):
            continue
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is None or span.start == 0:
            continue
        # a county dateline is refined by a town of it, even "outside his Glen Flora home"
        if not _after_incident_preposition(doc, m.span, homes=line_place.kind == "county"):
            continue  # "in Madison", "in the Bronx", not "a Madison man"
        before = doc[max(span.start - 4, 0) : span.start - 1].text.lower()
        if any(w in before for w in _CARE_WORDS):
            continue  # taken to a hospital in Modesto
        if span.end < len(doc) and doc[span.end].lower_ in ("and", "&"):
            continue  # near Wallace and 33rd Street
        place = resolve(m, context_states=[state])
        if place is None or _km(place, line_place) > _NEAR_KM:
            continue  # a neighbourhood that shares a far-away town's name
        if line_place.kind == "county" and place.county != line_place.name:
            continue  # "WAYNE COUNTY, Mo. —": a town of that county, not of the next one
        candidates.append(m)
    chosen = _most_told(candidates, focus, doc)
    if chosen is None:
        return None
    place = resolve(chosen, context_states=[line_place.state])
    return location_record(place, [chosen.span]) if place is not None else None


_TOWN_MAX_ZIPS = 2  # a small town ...
_HOME_REACH_KM = 150.0  # ... further than this from a city outlet that names its own city


_NEIGHBOURHOOD_WORDS = frozenset({"neighborhood", "neighbourhood", "section", "community"})


_OUTLET_REACH_KM = 250.0  # a local outlet's own area: a name read near it, at most this far
_LOCAL_KM = 100.0  # ... and where its reader takes a name to be, when no state is written


def near_outlet(
    kind: str, name: str, home: Place | None, *, reach_km: float = _OUTLET_REACH_KM
) -> Place | None:
    """The city or county called ``name`` nearest the outlet's home, if one lies within
    :data:`_OUTLET_REACH_KM`: how a local outlet's "Marion County" is read when the text names
    no state (a Shreveport station's: Marion County, Texas, not Indiana's). None without a home
    or when every reading is further (a Charlotte station's "Butler County" stays unread)."""
    if home is None:
        return None
    gaz = load_gazetteer()
    key = _index_key(kind, " ".join(name.lower().split()))
    table, index = (
        (gaz.counties, gaz.county_states) if kind == "county" else (gaz.cities, gaz.city_states)
    )
    readings = [table[(key, state)] for state in index.get(key, [])]
    best = min(readings, key=lambda place: _km(place, home), default=None)
    if best is None or _km(best, home) > reach_km:
        return None
    return best


def _a_neighbourhood(
    doc: Doc, story: str, found: Place, home: Place | None, m: PlaceMention
) -> bool:
    """Whether a small town far from a city outlet is more likely a neighbourhood of the
    outlet's city that shares its name ("Bridgeport" in a Chicago story, not Bridgeport, Ill.,
    300 km south): the outlet's city is large, and the town is tiny and the text calls it a
    neighbourhood ("in the Bridgeport neighborhood") or names the outlet's city too."""
    if not (
        home is not None
        and home.kind == "city"
        and found.kind == "city"
        and found.state == home.state
        and found.name != home.name
        and found.size <= _TOWN_MAX_ZIPS
        and home.size >= _CITY_PART_MIN_ZIPS
        and _km(found, home) > _HOME_REACH_KM
    ):
        return False
    # "the Bridgeport neighborhood" anywhere, not only where the chosen mention is (the
    # headline names it bare)
    called = any(
        (after := story[w.end() : w.end() + 20].split())
        and after[0].lower().strip(",.") in _NEIGHBOURHOOD_WORDS
        for w in re.finditer(r"(?<![\w-])" + re.escape(m.name) + r"(?![\w-])", story)
    )
    return called or _named(story, home.name) is not None


_POSSESSED_PART = re.compile(
    r"(?<![\w-])[A-Z][a-z]+(?: [A-Z][a-z]+)?['’]s (?P<part>[A-Z][a-z]+(?: [A-Z][a-z]+)?) "
    r"(?:neighborhood|neighbourhood|section|district)\b"
)


_STREET_AFTER = re.compile(
    r"\s+and\s+(?:[A-Z][a-z]+\s+){1,3}(?:streets|avenues|roads|Streets|Avenues|Roads)\b"
)
_STREET_BEFORE = re.compile(r"\b(?:at|near|of)\s+(?:[A-Z][a-z]+\s+){1,2}and\s+$")


def _a_street(story: str, m: PlaceMention) -> bool:
    """Whether a name is one of two streets at a corner: "at Concord and Market streets",
    "near Beale and Fond du Lac"."""
    return (
        _STREET_AFTER.match(story, m.span.end) is not None
        or _STREET_BEFORE.search(story[max(m.span.start - 40, 0) : m.span.start]) is not None
    )


def _neighbourhoods_of(story: str) -> set[str]:
    """Names the story calls a part of another place ("Pittsburgh's Allentown neighborhood"),
    lower-cased."""
    return {m["part"].lower() for m in _POSSESSED_PART.finditer(story)}


_SITE_PLACE = re.compile(r"(?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),\s*")


def _site_home(text: str, site: tuple[int, int] | None) -> Place | None:
    """The city a headline's site name places the outlet in ("WMC Action News 5 - Memphis,
    Tennessee", "FOX Wilmington, NC"), if the gazetteer has it."""
    if site is None:
        return None
    for m in _SITE_PLACE.finditer(text, site[0], site[1]):
        if text[max(m.start() - 2, 0) : m.start()] == ", ":
            return None  # a list of the towns it serves ("Savannah, Beaufort, SC")
        after = _AFTER_COMMA_STATE.match(text, m.end("city"))
        code = state_code(after.group(1)) if after is not None else None
        if code is not None and (place := lookup_city(m["city"], code)) is not None:
            return place
    return None


def outlet_home_of(doc: Doc, url: str | None) -> Place | None:
    """Where the outlet is: the site name after the headline ("... | WSFX - FOX Wilmington, NC")
    tells it better than a guess from the web address (:func:`outlet_home`). Every step that
    reads the outlet's home asks here."""
    return _site_home(doc_text(doc), headline.site_range(doc)) or outlet_home(url)


def _inside(span: tuple[int, int] | None, start: int) -> bool:
    return span is not None and span[0] <= start < span[1]


def _blank(text: str, span: tuple[int, int]) -> str:
    """``text`` with ``span`` set to spaces: offsets kept, its words never read."""
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]


def main_location(
    doc: Doc, focus: set[int] | frozenset[int] = frozenset(), *, url: str | None = None
) -> dict[str, Any]:
    """The location of an article's main incident: the dateline city, else the first city (then
    county, then the most named state) named in the article. A name several states share is read
    in the state the rest of the article points at most (:func:`state_support`). Nulls
    (``EMPTY_LOCATION``) when nothing resolves. ``focus``: sentence starts (token indices) of
    the sentences that tell the incident; a place named there wins over one named earlier, and
    a town near the dateline's named there after "in", "near" or "at" wins over the dateline,
    which is where the story was filed (:func:`_told_elsewhere`)."""
    # the site's name after the headline ("... death - KSLA News 12 Shreveport, Louisiana")
    # is where the outlet is, not where it happened
    site = headline.site_range(doc)
    # where someone was taken for care ("flown to St. Mary's Hospital in Evansville, Indiana")
    # is neither the place nor the state of the incident
    mentions, care = _split_care(
        doc, [m for m in find_places(doc) if not _inside(site, m.span.start)]
    )
    scanned, _ = _split_care(doc, [m for m in scan_places(doc) if not _inside(site, m.span.start)])
    story = doc_text(doc) if site is None else _blank(doc_text(doc), site)
    if not any(m.kind == "city" for m in mentions):
        mentions, scanned = sorted([*mentions, *scanned], key=lambda m: m.span.start), []
    line = dateline(story)
    home = outlet_home_of(doc, url)
    # a place of care tells the state only when nothing else does ("University Hospital in New
    # Orleans" in a story that names no state)
    context = state_support(mentions, line, home) or state_support(care, line, home)
    # names the NER missed are candidates in the state the tagged ones point at, never a
    # reason to read the article in another state ("in Elgin" in an Iowa story)
    have = {m.span.start for m in mentions}
    mentions = sorted(
        [*mentions, *(m for m in scanned if m.span.start not in have)],
        key=lambda m: m.span.start,
    )
    # "at Concord and Market streets", "near Beale and Fond du Lac": streets, not towns
    mentions = [m for m in mentions if not (m.kind == "city" and _a_street(story, m))]
    # "in Pittsburgh's Allentown neighborhood": Allentown is a part of Pittsburgh wherever the
    # story names it, not the town of that name across the state
    parts = _neighbourhoods_of(story)
    if parts:
        mentions = [m for m in mentions if m.name.lower() not in parts]
    # a headline drops "County": "shooting in Bartow" where the story says "in Bartow County"
    counties = {m.name for m in mentions if m.kind == "county"}
    heads = headline.headline_range(doc)
    mentions = [
        m
        for m in mentions
        if not (
            m.kind == "city"
            and _inside(heads, m.span.start)
            and ({f"{m.name} County", f"{m.name} Parish"} & counties)
        )
    ]
    if line is not None and line.place is not None:
        place = line.place
        if line.state_hint is None and context:
            place = resolve(line, context_states=context) or place
        told = _told_elsewhere(doc, mentions, focus, line, place)
        if told is not None:
            return told
        if _a_neighbourhood(doc, story, place, home, line):
            # "WOODLAWN —" from a Chicago outlet: its neighbourhood, not the far-off village
            assert home is not None
            return location_record(home, [_named(story, home.name) or line.span])
        return location_record(place, [line.span])
    if context:
        top = context[0]
        for kind in ("city", "county"):
            chosen = _most_told(
                [m for m in mentions if m.kind == kind and top in _readings(m)], focus, doc
            )
            if chosen is not None:
                found = resolve(chosen, context_states=[top])
                if found is not None and _a_neighbourhood(doc, story, found, home, chosen):
                    assert home is not None
                    return location_record(home, [_named(story, home.name) or chosen.span])
                if found is not None:
                    return location_record(found, [chosen.span])
            # a neighbourhood story ("in Englewood") from the city's own outlet, which names
            # its city somewhere ("Chicago police")
            if (
                kind == "city"
                and home is not None
                and home.kind == "city"
                and home.state == top
                and (span := _named(story, home.name)) is not None
                and not _another_county(mentions, home, top)
            ):
                return location_record(home, [span])
        evidence = [m.span for m in mentions if m.kind == "state" and m.state_hint == top]
        if not evidence and not any(top in _readings(m) for m in mentions):
            evidence = [m.span for m in care if top in _readings(m)]
        if evidence:
            return location_record(Place("state", STATE_NAMES[top], top), evidence)
    # No state named and no name read in the state the article points at: a name read near
    # the outlet's home ("in Marion County" from a Shreveport station)
    for kind in ("city", "county"):
        near = {
            id(m): found
            for m in mentions
            if m.kind == kind and (found := near_outlet(kind, m.name, home)) is not None
        }
        chosen = _most_told([m for m in mentions if id(m) in near], focus, doc)
        if chosen is not None:
            found = near[id(chosen)]
            largest = resolve(chosen)
            if (
                home is not None
                and largest is not None
                and largest.size >= _CITY_PART_MIN_ZIPS
                and _km(found, home) > _LOCAL_KM
            ):
                # "Nashville police" in a Shreveport station's story: Tennessee's city, not
                # the Arkansas town 170 km off
                found = largest
            return location_record(found, [chosen.span])
    return dict(EMPTY_LOCATION)
