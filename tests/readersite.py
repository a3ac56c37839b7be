"""The site the reader-facing tests look at: the shipped issue with its 落款 marked, plus a joint document.

The shipped 31号 ends in a `::: 落款` block (added here while the shipped content does not have it
yet); 99号 is a joint document whose 落款 and 印发 line name registered departments, which must
not become department links, and which cites 31号 (so 31号 has a 被以下文件引用 section, 99号 none).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO, make_site

FIXTURE = REPO / "tests" / "reader_fixtures" / "content"
SIGNED = "2022-03/wzbf-2022-31"
JOINT = "2022-03/wzbf-2022-99"


def reader_site(folder: Path) -> Path:
    """A site folder: the shipped content, 31号's closing lines as a 落款 block, and the joint 99号."""
    root = make_site(folder, content_from=REPO / "content")
    shutil.copytree(FIXTURE, root / "content", dirs_exist_ok=True)
    doc = root / "content" / f"{SIGNED}.md"
    text = doc.read_text(encoding="utf-8")
    if "::: 落款" not in text:
        closing = "五台县人民政府办公室\n\n2022年6月7日\n"
        assert text.endswith(closing), "31号 no longer ends with its issuer and date"
        doc.write_text(text[: -len(closing)] + "::: 落款\n" + closing + ":::\n", encoding="utf-8")
    return root
