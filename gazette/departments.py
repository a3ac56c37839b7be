"""The department registry (content/departments.yaml) and finding departments in text."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import frontmatter as fm
from . import source as reader
from .model import ROLE_RANK as _RANK
from .model import ROLES, Department
from .problems import Problems
from .text import HAN

REGISTRY_FILE = "content/departments.yaml"
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# A name that ends like an organ of government; used to warn about names missing from the registry.
# Function words (的, 由, 各 …) cannot occur inside a department's name, which keeps sentence
# fragments such as 县委研究的由…局 out.
_LOOKS_LIKE_DEPARTMENT = re.compile(
    r"县(?:[^\W\d_的由在向按对将及或等各经后和与交并为是从把被其该此每所]){2,10}?(?:委员会|办公室|分局|局|中心|大队)(?![长员])"
)
# Phrases that match the shape but are not one body.
_NOT_DEPARTMENTS = re.compile(r"^县(?:直|级|域|内|委|长|政府|人民政府|乡|城)|领导小组|指挥部|联席会")


def load(root: Path, problems: Problems) -> list[Department]:
    """Read the registry; record problems (with lines) for malformed or duplicate entries."""
    path = root / REGISTRY_FILE
    if not reader.exists(path):
        problems.warning(REGISTRY_FILE, 0, "没有部门登记表，部门索引将为空；请创建 content/departments.yaml")
        return []
    text = reader.read_text(path, root, problems, REGISTRY_FILE)
    if text is None:
        return []
    try:
        root_node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.error(REGISTRY_FILE, (mark.line + 1) if mark else 0, f"YAML 语法错误：{exc.problem or exc.context}")
        return []
    if not isinstance(root_node, yaml.SequenceNode):
        problems.error(REGISTRY_FILE, 1, "部门登记表应为列表，每项包含 id、name、group")
        return []
    departments: list[Department] = []
    seen: dict[str, int] = {}
    for node in root_node.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            problems.error(REGISTRY_FILE, line, "每个部门应为包含 id、name、group 的映射")
            continue
        entry = {k.value if isinstance(k, yaml.ScalarNode) else str(k.value): v for k, v in node.value}
        unknown = set(entry) - {"id", "name", "group", "aliases", "kind", "members"}
        for key in sorted(unknown):
            problems.error(REGISTRY_FILE, line, f'未知的键 "{key}"，可用的键：id、name、group、aliases、kind、members')
        fields, broken = {}, False
        for key, label in (("id", "部门编号（id）"), ("name", "部门名称（name）"), ("group", "分组（group）")):
            if key not in entry:
                continue
            try:
                fields[key] = fm.text(entry[key], label)
            except ValueError as exc:
                problems.error(REGISTRY_FILE, entry[key].start_mark.line + 1, str(exc))
                broken = True
        if broken:
            continue
        if len(fields) < 3:
            problems.error(REGISTRY_FILE, line, "部门缺少 id、name 或 group")
            continue
        if not _ID_RE.match(fields["id"]):
            problems.error(REGISTRY_FILE, line, f'部门编号 "{fields["id"]}" 无效，只能用小写字母、数字和连字符')
            continue
        aliases = _aliases(entry.get("aliases"), problems)
        if aliases is None:
            continue
        clash = False
        for key in [fields["id"], fields["name"], *aliases]:
            if key in seen:
                problems.error(REGISTRY_FILE, line, f'"{key}" 与第 {seen[key]} 行的部门重复，每个编号、名称和别名只能出现一次')
                clash = True
            seen[key] = line
        kind_node, members_node = entry.get("kind"), entry.get("members")
        kind = kind_node.value.strip() if isinstance(kind_node, yaml.ScalarNode) else "department"
        if kind not in ("department", "collective"):
            problems.error(REGISTRY_FILE, kind_node.start_mark.line + 1, f'kind "{kind}" 无效，只能是 collective（统称，如 各乡（镇）人民政府）或省略')
            kind = "department"
        members = [m.value.strip() for m in members_node.value if isinstance(m, yaml.ScalarNode)] \
            if isinstance(members_node, yaml.SequenceNode) else []
        if members_node is not None and kind != "collective":
            problems.error(REGISTRY_FILE, line, "只有 kind: collective 的统称才能写 members")
        if not clash:
            departments.append(Department(fields["id"], fields["name"], fields["group"], aliases, kind=kind, members=members))
    _resolve_members(departments, root_node, problems)
    return departments


def _aliases(node: yaml.Node | None, problems: Problems) -> list[str] | None:
    """A department's aliases: a list of non-empty names; None (with the problem recorded) if malformed."""
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and not node.value.strip()):
        return []
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.SequenceNode):
        problems.error(REGISTRY_FILE, line, "别名（aliases）应为名称列表，例如 aliases: [县财政局, 财政局]")
        return None
    aliases, ok = [], True
    for item in node.value:
        try:
            if not isinstance(item, yaml.ScalarNode):
                raise ValueError("别名（aliases）的每一项应为一个名称，这里却是列表或映射；请写成 aliases: [财政局, 县财政局]")
            aliases.append(fm.text(item, "别名"))
        except ValueError as exc:
            problems.error(REGISTRY_FILE, item.start_mark.line + 1, str(exc))
            ok = False
    return aliases if ok else None


def _resolve_members(departments: list[Department], root_node: yaml.Node, problems: Problems) -> None:
    """A collective's members are ids or group names (a group stands for every department in it)."""
    lines = {n.value: n.start_mark.line + 1 for node in root_node.value if isinstance(node, yaml.MappingNode)
             for k, n in node.value if k.value == "id" and isinstance(n, yaml.ScalarNode)}
    by_id = {d.id: d for d in departments}
    groups = {d.group for d in departments if not d.is_collective}
    for dept in departments:
        ids: list[str] = []
        for member in dept.members:
            if member in groups:
                ids += [d.id for d in departments if d.group == member and not d.is_collective]
            elif member in by_id and not by_id[member].is_collective:
                ids.append(member)
            else:
                problems.error(REGISTRY_FILE, lines.get(dept.id, 0),
                               f'统称 "{dept.name}" 的成员 "{member}" 既不是部门编号也不是分组名，请核对')
        dept.members = list(dict.fromkeys(ids))


def _trie_pattern(words: list[str]) -> str:
    """A regex matching any of words, longest first, built as a trie so it stays fast."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Alternatives are greedy, so a longer name wins over its own prefix.
        return f"(?:{body})?" if ends else body

    return emit(trie)


# Township short forms (东冶 for 东冶镇, 驼梁 for 驼梁风景区服务中心) are not registry aliases: bare,
# they occur inside other words (构建安全, 大建安村). They count only in a list of townships:
TOWNSHIP_GROUP = "乡（镇）"
_TOWNSHIP_SUFFIXES = ("风景区服务中心", "镇", "乡")
# followed by 、 or by "N 个乡镇" (东冶、建安、阳白 3 个乡镇) …
_SHORT_STRONG_AFTER = re.compile(r"、|\s*[0-9一二两三四五六七八九十]{1,2}\s*个乡镇")
# … or followed by 乡/镇/等, or by a clause end after a 、 (…、阳白。), when not inside a word.
_SHORT_WEAK_AFTER = re.compile(r"[乡镇等]|[，。；：,;:）)\s和及与或]|$")
_WORD_BEFORE = re.compile(HAN)
_JOINERS = set("、和及与或在对由")


def township_short_form(dept: Department) -> str | None:
    """The bare place name of a 乡（镇） entry (东冶镇 → 东冶); None for other groups."""
    if dept.group != TOWNSHIP_GROUP:
        return None
    for suffix in _TOWNSHIP_SUFFIXES:
        if dept.name.endswith(suffix) and len(dept.name) - len(suffix) >= 2:
            return dept.name[: -len(suffix)]
    return None


def short_form_counts(text: str, start: int, end: int) -> bool:
    """Whether a township short form at text[start:end] names the township (see _SHORT_* above)."""
    if _SHORT_STRONG_AFTER.match(text, end):
        return True
    before = text[start - 1] if start else ""
    return bool(_SHORT_WEAK_AFTER.match(text, end)) and (before in _JOINERS or not _WORD_BEFORE.match(before))


@dataclass
class Matcher:
    """Finds registry names in text."""

    pattern: re.Pattern | None
    """Trie regex over every name and alias."""
    by_name: dict[str, Department]
    """Name or alias → department."""
    short_pattern: re.Pattern | None = None
    """Trie regex over township short forms, which count only in context (short_form_counts)."""
    by_short: dict[str, Department] = field(default_factory=dict)
    """Township short form → township."""

    def find(self, text: str) -> list[tuple[int, int, Department]]:
        """Every registry name in text as (start, end, department), longest match at each place."""
        if self.pattern is None:
            return []
        found = [(m.start(), m.end(), self.by_name[m.group()]) for m in self.pattern.finditer(text)]
        if self.short_pattern is None:
            return found
        spans = [(s, e) for s, e, _ in found]
        extra = [(m.start(), m.end(), self.by_short[m.group()]) for m in self.short_pattern.finditer(text)
                 if short_form_counts(text, m.start(), m.end())
                 and not any(s < m.end() and m.start() < e for s, e in spans)]
        return sorted(found + extra, key=lambda f: f[0]) if extra else found

    def unregistered(self, text: str, matches: list[tuple[int, int, Department]] | None = None) -> list[str]:
        """Names in text that look like departments but are not in the registry.

        matches are this text's registry matches, if the caller already has them.
        """
        if "县" not in text:
            return []
        covered = [(s, e) for s, e, _ in (self.find(text) if matches is None else matches)]
        found = []
        for m in _LOOKS_LIKE_DEPARTMENT.finditer(text):
            name = m.group()
            if _NOT_DEPARTMENTS.search(name) or name in self.by_name:
                continue
            if any(s <= m.start() < e or s < m.end() <= e for s, e in covered):
                continue
            found.append(name)
        return found


def matcher(departments: list[Department]) -> Matcher:
    """Build the matcher for a registry."""
    by_name = {}
    for dept in departments:
        for name in [dept.name, *dept.aliases]:
            by_name[name] = dept
    if not by_name:
        return Matcher(None, {})
    shorts = {short: dept for dept in departments if (short := township_short_form(dept)) and short not in by_name}
    short_pattern = re.compile(_trie_pattern(sorted(shorts))) if shorts else None
    return Matcher(re.compile(_trie_pattern(sorted(by_name))), by_name, short_pattern, shorts)


_ROLE_AFTER = re.compile(r"(?:责任单位|牵头单位|配合单位|主办单位|协办单位|成员单位)[:：]")
_ROLE_NAMES = {"责任单位": "责任单位", "牵头单位": "牵头", "配合单位": "配合", "主办单位": "牵头", "协办单位": "配合", "成员单位": "成员单位"}


_CLAUSE_AFTER = re.compile(r"[^，。；：,;:（）()]{0,60}")
_CLOSED = re.compile(r"[。）)]")
_CC = re.compile(r"\s*抄送[:：]")


def role_in(text: str, start: int, end: int) -> str:
    """How the department at text[start:end] is named: 牵头, 配合, 责任单位, 成员单位 or 提及."""
    # "A、B牵头，C、D配合": the keyword closes the clause the name is in.
    clause = _CLAUSE_AFTER.match(text, end).group()
    if "牵头" in clause:
        return "牵头"
    if "配合" in clause or "协助" in clause or "参与" in clause:
        return "配合"
    # The nearest "责任单位：" before the name, with no sentence end in between.
    before = text[max(0, start - 200) : start]
    label = None
    if "单位" in before:  # every label ends in 单位
        for m in _ROLE_AFTER.finditer(before):
            if not _CLOSED.search(before, m.end()):
                label = m.group()[:-1]
    if label:
        return _ROLE_NAMES[label]
    return "抄送" if _CC.match(text) else "提及"

_QUOTED = ("牵头", "责任单位", "配合", "成员单位", "抄送", "提及", "主送")
"""Whose passage a department's page quotes, first found first: what the text asks of it before the
addressee line; never the issuer line, which only repeats the department's name."""
_QUOTE_RANK = {role: n for n, role in enumerate(_QUOTED)}


def summary(mentions: list) -> tuple[tuple[str, ...], str]:
    """A document's mentions of one department as its page lists them (model.Mentioned): the roles,
    most involved first, and one passage. Made once, when the document is loaded."""
    if len(mentions) == 1:  # the common case
        m = mentions[0]
        return (sys.intern(m.role),), m.excerpt if m.role in _QUOTE_RANK else ""
    roles = sorted({m.role for m in mentions}, key=lambda r: (_RANK.get(r, len(ROLES)), r))
    quoted = [(_QUOTE_RANK[m.role], n) for n, m in enumerate(mentions) if m.excerpt and m.role in _QUOTE_RANK]
    return tuple(map(sys.intern, roles)), mentions[min(quoted)[1]].excerpt if quoted else ""
