"""Rewriting the text of rendered HTML without touching its tags.

Department links, citation links and the search index's shadow text all change the words of a
body that is already HTML; they share this one walk over its text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TAG = re.compile(r"(<[^>]+>)")


def rewrite_text(html: str, change: Callable[[str], str], skip: tuple[str, ...] = ()) -> str:
    """Apply change to every run of text in html, except inside the elements named in skip."""
    opening = re.compile(rf"<({'|'.join(skip)})[\s>]") if skip else None
    closing = re.compile(rf"</({'|'.join(skip)})>") if skip else None
    parts = _TAG.split(html)
    depth = 0
    for i, part in enumerate(parts):
        if i % 2:
            if opening and opening.match(part):
                depth += 1
            elif closing and closing.match(part):
                depth = max(0, depth - 1)
        elif part and not depth:
            parts[i] = change(part)
    return "".join(parts)
