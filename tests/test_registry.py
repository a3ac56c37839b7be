"""Checks on the department registry content/departments.yaml.

Well-formedness (keys, ids, names, aliases, groups) and provenance: every canonical name and
alias must occur in the seed text of 2022年第3期, except the few standard short forms listed in
STANDARD_SHORT_FORMS, which must really be absent from it (so the list cannot hide typos).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "content" / "departments.yaml"
SEED = Path("/work/shared/seeds/000_3e1c21670e535661.txt")

ALLOWED_KEYS = {"id", "name", "group", "aliases", "kind", "members"}
REQUIRED_KEYS = {"id", "name", "group"}
GROUPS = {"县委县政府", "县直部门", "乡（镇）", "驻县单位", "其他单位", "统称"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Standard short forms that do not occur in 2022年第3期 but are unambiguous, kept so later issues
# link them. alias → id of the entry that must carry it.
STANDARD_SHORT_FORMS = {
    "县发改局": "fgw",
    "县住建局": "zjj",
    "县工信局": "gxj",
    "县文旅局": "wlj",
    "县医保局": "ybj",
    "县市场监管局": "scj",
}

# Short forms that must never be names or aliases: they occur inside other words
# (县社 in 县社会…) or are bare township names that the full name already covers.
FORBIDDEN = {
    "县社", "县直", "公路段", "供电", "示范区", "驼梁", "驼梁风景区",
    "台城", "东冶", "豆村", "耿镇", "建安", "白家庄", "沟南", "阳白", "东雷",
    "蒋坊", "茹村", "陈家庄", "门限石", "高洪口",
}

# 14 乡（镇） of 五台县 plus 驼梁风景区服务中心, as named in 五政办发〔2022〕40号.
TOWNSHIPS = {
    "台城镇", "东冶镇", "豆村镇", "耿镇镇", "建安镇", "白家庄镇", "沟南乡", "阳白乡",
    "东雷乡", "蒋坊乡", "茹村乡", "陈家庄乡", "门限石乡", "高洪口乡", "驼梁风景区服务中心",
}


def load_entries() -> list[dict]:
    data = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    assert isinstance(data, list) and data, "departments.yaml must be a non-empty YAML list"
    return data


def names_of(entry: dict) -> list[str]:
    return [entry["name"], *(entry.get("aliases") or [])]


def seed_text() -> str:
    """The seed with line breaks and blank lines removed, so names split across lines join up."""
    if not SEED.exists():
        pytest.skip(f"seed text not available: {SEED}")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return "".join(line.strip() for line in lines if line.strip())


ENTRIES = load_entries()


def test_entries_have_only_known_keys_and_string_values():
    for entry in ENTRIES:
        assert isinstance(entry, dict), entry
        assert REQUIRED_KEYS <= set(entry), f"missing keys in {entry}"
        assert set(entry) <= ALLOWED_KEYS, f"unknown keys {set(entry) - ALLOWED_KEYS} in {entry}"
        for key in REQUIRED_KEYS:
            value = entry[key]
            assert isinstance(value, str) and value and value == value.strip(), f"bad {key} in {entry}"
        aliases = entry.get("aliases", [])
        assert isinstance(aliases, list), f"aliases must be a list in {entry}"
        for alias in aliases:
            assert isinstance(alias, str) and alias and not re.search(r"\s", alias), f"bad alias {alias!r}"
        assert not re.search(r"\s", entry["name"]), entry["name"]


def test_ids_are_ascii_and_unique():
    ids = [e["id"] for e in ENTRIES]
    for id_ in ids:
        assert id_.isascii() and ID_RE.match(id_), f"id {id_!r} must be lowercase ASCII letters/digits/hyphens"
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, f"duplicate ids: {dupes}"


def test_names_unique():
    names = [e["name"] for e in ENTRIES]
    dupes = {n for n in names if names.count(n) > 1}
    assert not dupes, f"duplicate names: {dupes}"


def test_no_alias_clashes():
    owner: dict[str, str] = {}
    for entry in ENTRIES:
        own = names_of(entry)
        assert len(own) == len(set(own)), f"{entry['id']}: alias repeats the name or another alias"
        for name in own:
            assert name not in owner, f"{name!r} is used by both {owner[name]} and {entry['id']}"
            owner[name] = entry["id"]


def test_groups_allowed():
    for entry in ENTRIES:
        assert entry["group"] in GROUPS, f"{entry['id']}: group {entry['group']!r} not in {sorted(GROUPS)}"


def test_forbidden_short_forms_absent():
    for entry in ENTRIES:
        bad = set(names_of(entry)) & FORBIDDEN
        assert not bad, f"{entry['id']}: ambiguous short form(s) {bad}"


def test_townships_complete():
    townships = {e["name"] for e in ENTRIES if e["group"] == "乡（镇）"}
    assert townships == TOWNSHIPS


def test_standard_short_forms_belong_to_their_entries():
    by_id = {e["id"]: e for e in ENTRIES}
    for alias, id_ in STANDARD_SHORT_FORMS.items():
        assert id_ in by_id, f"{alias}: entry {id_} missing"
        assert alias in (by_id[id_].get("aliases") or []), f"{alias} should be an alias of {id_}"


def test_every_name_and_alias_occurs_in_seed():
    text = seed_text()
    missing = [
        (e["id"], name)
        for e in ENTRIES
        for name in names_of(e)
        if name not in text and name not in STANDARD_SHORT_FORMS
    ]
    assert not missing, f"not found in the seed text: {missing}"
    # The exemption list must stay honest: a short form that does occur needs no exemption.
    attested = [alias for alias in STANDARD_SHORT_FORMS if alias in text]
    assert not attested, f"remove from STANDARD_SHORT_FORMS, they occur in the seed: {attested}"


def test_leftmost_longest_matching_finds_each_name():
    """Each occurrence of a name in the seed is covered by a match of its own entry, or lies wholly
    inside a longer name of another entry; a name of another entry must never start earlier and
    swallow only part of it (e.g. 五台县人民政府 eating the start of 五台县人民政府办公室)."""
    text = seed_text()
    owner = {name: e["id"] for e in ENTRIES for name in names_of(e)}
    pattern = re.compile("|".join(re.escape(n) for n in sorted(owner, key=len, reverse=True)))
    spans = [(m.start(), m.end(), owner[m.group()]) for m in pattern.finditer(text)]
    problems = []
    for name, id_ in owner.items():
        for occ in re.finditer(re.escape(name), text):
            s, e = occ.span()
            covering = [(a, b, i) for a, b, i in spans if a < e and b > s]
            if not any(a <= s and b >= e for a, b, _ in covering):
                problems.append((name, id_, text[max(0, s - 6) : e + 6], covering))
    assert not problems, problems
