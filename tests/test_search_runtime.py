"""The search page's JavaScript runs in older browsers: ES2018 syntax only, same behaviour.

acorn (npm, pinned in package.json) parses the scripts as ES2018; node runs the lowered
operators of gazette/jslower.py against the originals.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from gazette import jslower, pagefind_bundle, search

NODE = shutil.which("node")
ACORN = REPO / "node_modules" / "acorn"
pytestmark = pytest.mark.skipif(not NODE or not ACORN.exists(), reason="needs node and `npm ci` (acorn)")


def parses_as(source: str, version: int, tmp_path: Path) -> str:
    """'' if acorn parses source as a script of that ECMAScript version, else its error."""
    path = tmp_path / "script.js"
    path.write_text(source, encoding="utf-8")
    check = (f"const acorn = require({json.dumps(str(ACORN))});"
             f"try {{ acorn.parse(require('fs').readFileSync({json.dumps(str(path))}, 'utf8'), "
             f"{{ecmaVersion: {version}, sourceType: 'script'}}); }} catch (e) {{ console.log(e.message); }}")
    return subprocess.run([NODE, "-e", check], capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def pagefind_module(tmp_path_factory) -> str:
    """pagefind.js as the pinned Pagefind writes it, for a one-page site."""
    site = tmp_path_factory.mktemp("pf-site")
    (site / "index.html").write_text("<html><body><main>水 污 染</main></body></html>", encoding="utf-8")
    out = site / "_pf"
    subprocess.run([str(search.pagefind_binary()), "--site", str(site), "--output-path", str(out), "--quiet"],
                   check=True, capture_output=True)
    return (out / "pagefind.js").read_text(encoding="utf-8")


def test_pagefind_runtime_is_rewritten_to_es2018(pagefind_module, tmp_path):
    # Pagefind's module itself is not ES2018 (so this test can fail) …
    assert "?." in pagefind_module and "??" in pagefind_module
    assert parses_as(pagefind_module.replace("export{", "var __x={").replace("import.meta.url", '""'), 2018, tmp_path)
    # … the classic script the site ships is, and still defines the API and the inflate.
    classic = pagefind_bundle.classic_script(pagefind_module)
    assert parses_as(classic, 2018, tmp_path) == ""
    assert "window.pagefind=" in classic and "window.__gazetteGunzip=gz_default" in classic


def test_search_page_script_is_es2018(tmp_path):
    source = (REPO / "assets" / "search.js").read_text(encoding="utf-8")
    assert parses_as(source, 2018, tmp_path) == ""
    assert parses_as("var a = b?.c;", 2018, tmp_path)  # the parser does reject newer syntax


CASES = [
    ("o?.a", [{"o": None}, {"o": {"a": 1}}, {"o": {}}]),
    ("o?.a.b", [{"o": None}, {"o": {"a": {"b": 2}}}]),
    ("o?.[k]", [{"o": None, "k": "x"}, {"o": {"x": 3}, "k": "x"}]),
    ("s?.startsWith('<m>')", [{"s": None}, {"s": "<m>x"}, {"s": "y"}]),
    ("f(o)?.a", [{"o": None}, {"o": {"a": 4}}]),
    ("w?.l?.o && 1", [{"w": None}, {"w": {"l": None}}, {"w": {"l": {"o": 5}}}]),
    ("x ?? 7", [{"x": None}, {"x": 0}, {"x": ""}, {"x": False}, {"x": 8}]),
    ("(p[i]??0)-(p[j]??0)", [{"p": [1], "i": 0, "j": 5}, {"p": [None, 2], "i": 1, "j": 0}]),
    ("x ?? y ?? 9", [{"x": None, "y": None}, {"x": None, "y": 1}, {"x": 2, "y": 3}]),
    ("{a: o?.a ?? null, b: x ?? {}}", [{"o": None, "x": None}, {"o": {"a": 0}, "x": 1}]),
    ("`t${o?.a}` + (o?.a ?? 'z')", [{"o": None}, {"o": {"a": "q"}}]),
]


@pytest.mark.parametrize("expression,bindings", CASES)
def test_lowered_operators_behave_like_the_originals(expression, bindings):
    lowered = jslower.lower(f"r=({expression});")
    assert "?." not in lowered and "??" not in lowered
    program = f"""
    const cases = {json.dumps(bindings)};
    const f = (v) => v;
    const out = cases.map((c) => {{
      const run = (code) => new Function(...Object.keys(c), "f", "let r;" + code + "return JSON.stringify(r);");
      return [run({json.dumps(f"r=({expression});")})(...Object.values(c), f),
              run({json.dumps(lowered)})(...Object.values(c), f)];
    }});
    console.log(JSON.stringify(out));
    """
    results = json.loads(subprocess.run([NODE, "-e", program], capture_output=True, text=True, check=True).stdout)
    assert results and all(original == rewritten for original, rewritten in results), results


@pytest.mark.parametrize("source", ["r = f?.(1);", "r = a + b ?? c;", "r = !x ?? y;"])
def test_lowering_refuses_what_it_does_not_understand(source):
    with pytest.raises(ValueError):
        jslower.lower(source)
