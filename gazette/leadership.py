"""County leaders' division of work (县政府领导分工): which leader is in charge of which department.

A 分工 document (title containing 领导分工) lists each leader as "田江波常务副县长：负责…。" followed
by paragraphs "分管…。", "主管…。", "联系…。", "协助县长联系…。". The newest such document in the
archive decides; a later one replaces it without any editing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import departments
from .text import HAN

ASSIGNMENT_TITLE = re.compile(r"领导(?:工作)?分工")
ROLES = ("分管", "主管", "协助", "联系")
# A leader's paragraph: a 2–3 character name, a post of the county government, a colon.
_LEADER_RE = re.compile(
    r"^(?P<name>" + HAN + r"{2,3}?)(?P<post>(?:县委常委、)?(?:常务|挂职)?副县长|县长助理|代?县长)\s*[：:](?P<rest>.*)$", re.S
)
# Any "someone：" opening (示范区马旭忠常务副主任：, 张建伟主任：) ends the previous leader's part.
_OTHER_HEAD_RE = re.compile(r"^[" + HAN[1:-1] + r"（）()、]{2,16}[：:]")
_CLAUSE_RE = re.compile(r"[^。；;]+")


@dataclass
class Duty:
    """One clause of a 分工 document: a leader and the departments one role covers."""

    leader: str
    """Leader's name, e.g. 田江波."""
    post: str
    """Post, e.g. 常务副县长."""
    role: str
    """分管, 主管, 协助 or 联系."""
    text: str
    """The clause, whose department names are matched once the registry is known."""
    line: int


@dataclass
class Leader:
    """A county leader in charge of a department, as a department page shows it."""

    name: str
    post: str
    role: str
    document: Any
    """The 分工 Document it is taken from."""


def is_assignment(title: str) -> bool:
    """True for a 县政府领导分工 document, told by its title."""
    return bool(ASSIGNMENT_TITLE.search(title or ""))


def parse(paragraphs: list[tuple[int, str]]) -> list[Duty]:
    """Every role clause of a 分工 document, with the leader it belongs to."""
    duties: list[Duty] = []
    leader = post = None
    for line, text in paragraphs:
        text = text.strip()
        m = _LEADER_RE.match(text)
        if m:
            leader, post, text = m["name"], m["post"], m["rest"]
        elif _OTHER_HEAD_RE.match(text):
            leader = post = None
        if not leader:
            continue
        for clause in _CLAUSE_RE.findall(text):
            clause = clause.strip()
            role = next((r for r in ROLES if clause.startswith(r)), None)
            if role:
                duties.append(Duty(leader, post, role, clause, line))
    return duties


def assign(site: Any) -> Any:
    """Give each department the leaders of the newest 分工 document; return that document or None."""
    candidates = [d for d in site.documents if is_assignment(d.title) and d.facts and d.facts.duties]
    if not candidates:
        return None
    source = max(candidates, key=lambda d: (d.date, d.doc_number))
    matcher = departments.matcher(site.departments)
    for duty in source.facts.duties:
        for _, _, dept in matcher.find(duty.text):
            target = site.department_by_id.get(dept.id)
            if target is None:
                continue
            if not any(x.name == duty.leader and x.role == duty.role for x in target.leaders):
                target.leaders.append(Leader(duty.leader, duty.post, duty.role, source))
    order = {r: i for i, r in enumerate(ROLES)}
    for dept in site.departments:
        dept.leaders.sort(key=lambda x: order[x.role])
    return source
