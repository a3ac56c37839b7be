"""Rewriting the text of rendered HTML without touching its tags.

Department links, citation links and the search index's shadow text all change the words of a
body that is already HTML; they share this one walk over its text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TAG = re.compile(r"(<[^>]+>)")
_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_CLASS = re.compile(r"""\sclass=["']?([^"'>]*)""")


def _skips(part: str, rules: list[tuple[str, str]]) -> bool:
    """Whether the opening tag part starts an element that rewrite_text leaves alone."""
    name = _NAME.match(part)
    if not name or name.group(1):
        return False
    tag_rules = [cls for tag, cls in rules if tag == name.group(2).lower()]
    if not tag_rules:
        return False
    found = _CLASS.search(part)
    classes = found.group(1).split() if found else []
    return any(not cls or cls in classes for cls in tag_rules)


def rewrite_text(html: str, change: Callable[[str], str], skip: tuple[str, ...] = ()) -> str:
    """Apply change to every run of text in html, except inside the elements named in skip.

    An entry of skip is a tag name ("a") or a tag with a class ("div.signature").
    """
    rules = [(tag.lower(), cls) for tag, _, cls in (entry.partition(".") for entry in skip)]
    parts = _TAG.split(html)
    skipping, depth = "", 0  # the element being skipped, and how deep in same-named elements
    for i, part in enumerate(parts):
        if i % 2:
            if skipping:
                name = _NAME.match(part)
                if name and name.group(2).lower() == skipping and not part.endswith("/>"):
                    depth += -1 if name.group(1) else 1
                    if not depth:
                        skipping = ""
            elif rules and _skips(part, rules):
                skipping, depth = _NAME.match(part).group(2).lower(), 1
        elif part and not skipping:
            parts[i] = change(part)
    return "".join(parts)


def split_text(html: str) -> list[str]:
    """html as alternating runs of text (even positions) and tags (odd positions)."""
    return _TAG.split(html)
