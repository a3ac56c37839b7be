"""Rewriting the text of rendered HTML without touching its tags.

Department links, citation links and the search index's shadow text all change the words of a
body that is already HTML; they share this one walk over its text.

A body has hundreds of tags and a handful of places to change, so the walk jumps: from one
element to skip to the next (a regex finds their opening tags), and, given a ``hint``, from one
run of text holding a match of it to the next. Text runs are exactly those of splitting the HTML
at its tags (``<…>``); when a stray ``<`` makes that ambiguous, every run is visited in turn.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

_TAG = re.compile(r"(<[^>]+>)")
_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_CLASS = re.compile(r"""\sclass=["']?([^"'>]*)""")
_STRAY = re.compile(r"<(?![^<>]++>)")
"""A '<' that does not open a tag of its own: '<>', a second '<' before the '>', or no '>' at all."""


@functools.lru_cache(maxsize=64)
def _rules(skip: tuple[str, ...]) -> tuple[dict[str, list[str]], re.Pattern | None]:
    """Tag name → classes that make it skipped ('' for any), and a regex for those tags (opening and closing)."""
    rules: dict[str, list[str]] = {}
    for entry in skip:
        tag, _, cls = entry.partition(".")
        rules.setdefault(tag.lower(), []).append(cls)
    if not rules:
        return rules, None
    names = "|".join(re.escape(n) for n in sorted(rules, key=len, reverse=True))
    return rules, re.compile(rf"<(/?)({names})(?![a-zA-Z0-9-])[^>]*>", re.IGNORECASE)


def _classes_match(tag: str, classes: list[str]) -> bool:
    found = _CLASS.search(tag)
    present = found.group(1).split() if found else []
    return any(not cls or cls in present for cls in classes)


def rewrite_text(html: str, change: Callable[[str], str], skip: tuple[str, ...] = (),
                 hint: re.Pattern | None = None) -> str:
    """Apply change to every run of text in html, except inside the elements named in skip.

    An entry of skip is a tag name ("a") or a tag with a class ("div.signature"). With a hint (a
    regex that never matches '<' or '>'), change is called only on runs holding a match of it:
    change must leave other runs as they are.
    """
    if hint is not None and hint.search(html) is None:
        return html
    if _STRAY.search(html):
        return _rewrite_each(html, change, skip)
    skipped = _skipped(html, tuple(skip))
    if hint is None:
        out, free = [], 0
        for start, end in skipped:
            out += [_rewrite_runs(html[free:start], change), html[start:end]]
            free = end
        out.append(_rewrite_runs(html[free:], change))
        return "".join(out)
    out, done = [], 0  # done: html[:done] is written
    ahead = next(skipped, None)  # the next skipped element not wholly before the match
    for m in hint.finditer(html):
        at = m.start()
        if at < done:
            continue  # in a run already changed
        while ahead is not None and ahead[1] <= at:
            ahead = next(skipped, None)
        if ahead is not None and ahead[0] <= at:
            continue  # inside a skipped element
        lt = html.rfind("<", 0, at)
        start = html.find(">", lt) + 1 if lt >= 0 else 0
        if start > at:
            continue  # inside a tag
        end = html.find("<", at)
        end = len(html) if end < 0 else end
        out += [html[done:start], change(html[start:end])]
        done = end
    if not out:
        return html
    out.append(html[done:])
    return "".join(out)


def _skipped(html: str, skip: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """(start, end) of each element to leave alone, outermost only, in order (found as needed)."""
    rules, tags = _rules(skip)
    if tags is None:
        return
    skipping, depth, start = "", 0, 0  # the element being skipped, how deep in same-named ones
    for m in tags.finditer(html):
        closing, name = m.group(1), m.group(2).lower()
        if skipping:
            if name == skipping and html[m.end() - 2] != "/":
                depth += -1 if closing else 1
                if not depth:
                    skipping = ""
                    yield start, m.end()
        elif not closing:
            classes = rules[name]
            if "" in classes or _classes_match(m.group(), classes):
                skipping, depth, start = name, 1, m.start()
    if skipping:
        yield start, len(html)


def _rewrite_runs(html: str, change: Callable[[str], str]) -> str:
    """change applied to every text run of html (which holds no element to skip)."""
    if not html:
        return html
    parts = _TAG.split(html)
    for i in range(0, len(parts), 2):
        if parts[i]:
            parts[i] = change(parts[i])
    return "".join(parts)


def _rewrite_each(html: str, change: Callable[[str], str], skip: tuple[str, ...]) -> str:
    """rewrite_text visiting every tag in turn (for HTML with a stray '<')."""
    rules, _ = _rules(tuple(skip))
    parts = _TAG.split(html)
    skipping, depth = "", 0  # the element being skipped, and how deep in same-named elements
    for i, part in enumerate(parts):
        if i % 2:
            name = _NAME.match(part)
            if skipping:
                if name and name.group(2).lower() == skipping and not part.endswith("/>"):
                    depth += -1 if name.group(1) else 1
                    if not depth:
                        skipping = ""
            elif name and not name.group(1) and name.group(2).lower() in rules and \
                    _classes_match(part, rules[name.group(2).lower()]):
                skipping, depth = name.group(2).lower(), 1
        elif part and not skipping:
            parts[i] = change(part)
    return "".join(parts)


def split_text(html: str) -> list[str]:
    """html as alternating runs of text (even positions) and tags (odd positions)."""
    return _TAG.split(html)
