"""Front matter: split it from the body and read it with every value's line kept.

PyYAML's default loader turns ``date: 2022-13-01`` into a bare ValueError with no position and
``no`` into False. We compose the YAML into nodes (which carry their marks) and convert the
scalars ourselves, against a schema of the keys each kind of file may have.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from .problems import Problems
from .source import bad_character

_FENCE = "---"
# libyaml's loader composes the same nodes, with the same marks, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Source:
    """A Markdown file split into front matter and body."""

    header: str
    """Front matter text between the fences (may be empty)."""
    header_line: int
    """Line in the file where the front matter text starts."""
    body: str
    """Markdown after the closing fence."""
    body_line: int
    """Line in the file where the body starts."""


def split(text: str, path: str, problems: Problems) -> Source | None:
    """Split front matter from body; record a problem and return None if the fences are wrong."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        problems.error(path, 1, "文件必须以 --- 开头的 YAML 头部（front matter）开始")
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() == _FENCE:
            return Source("\n".join(lines[1:i]), 2, "\n".join(lines[i + 1 :]), i + 2)
    problems.error(path, 1, "YAML 头部没有结束行 ---，请在头部末尾加上一行 ---")
    return None


@dataclass(frozen=True)
class Field:
    """How one front-matter key is read."""

    convert: Callable[[yaml.Node, str], Any]
    """Turns the node into a value; raises ValueError with a Chinese message."""
    required: bool = False
    """Missing key is an error."""
    label: str = ""
    """Chinese name of the key, for messages."""


_TAG = "tag:yaml.org,2002:"
# Tags the YAML resolver gives plain values by itself; anything else was written as a tag (!!python/object …).
_STANDARD_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
_NOT_TEXT = {_TAG + "int": "数字", _TAG + "float": "数字", _TAG + "bool": "真假值", _TAG + "timestamp": "日期"}


def tag_problem(node: yaml.Node) -> str | None:
    """Why a value carries a YAML tag we do not read (!!python/object, !!binary, !foo …); None if it does not."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.tag not in _STANDARD_TAGS:
            tag = current.tag.replace(_TAG, "!!")
            return f'不支持 YAML 标签 "{tag}"（它不是文字），请删除这个标签，只写值本身'
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(n for pair in current.value for n in pair)
    return None


def _scalar(node: yaml.Node, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise ValueError(f"{what}应为单个值，不能是列表或映射")
    if problem := tag_problem(node):
        raise ValueError(f"{what}：{problem}")
    return node.value.strip()


def text(node: yaml.Node, label: str) -> str:
    """A non-empty string, written as text (not a number, true/false or null), without control characters."""
    value = _scalar(node, label)
    if not value:
        raise ValueError(f"{label}不能为空")
    if node.tag == _TAG + "null":
        raise ValueError(f'{label}写成了空值 "{value}"，应为文字；如确实是这几个字，请加引号："{value}"')
    if node.tag in _NOT_TEXT:
        raise ValueError(f'{label} "{value}" 会被当作{_NOT_TEXT[node.tag]}，应为文字；如确实要写它，请加引号："{value}"')
    for ch in value:
        if bad_character(ch):
            raise ValueError(f"{label}含有控制字符 U+{ord(ch):04X}（不可见，常由复制粘贴带入），请删除它")
    return value


def integer(node: yaml.Node, label: str) -> int:
    """A positive integer."""
    value = _scalar(node, label)
    if not re.fullmatch(r"[1-9]\d*", value):
        raise ValueError(f'{label} "{value}" 无效，应为正整数')
    return int(value)


def date(node: yaml.Node, label: str) -> dt.date:
    """A calendar date written YYYY-MM-DD."""
    value = _scalar(node, label)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    try:
        if not m:
            raise ValueError
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(f'{label} "{value}" 无效，应为 YYYY-MM-DD 格式的有效日期') from None


def boolean(node: yaml.Node, label: str) -> bool:
    """true or false, spelled out."""
    value = _scalar(node, label).lower()
    if value not in ("true", "false"):
        raise ValueError(f'{label} "{value}" 无效，应为 true 或 false')
    return value == "true"


def text_list(node: yaml.Node, label: str) -> list[str]:
    """A list of non-empty strings (a single string is taken as a list of one)."""
    if isinstance(node, yaml.ScalarNode):
        return [text(node, label)]
    if not isinstance(node, yaml.SequenceNode):
        raise ValueError(f"{label}应为列表")
    return [text(item, label) for item in node.value]


_YAML_HINTS = (
    ("flow sequence", "方括号 [ 没有闭合，请在列表末尾加上 ]"),
    ("flow mapping", "花括号 { 没有闭合，请在末尾加上 }"),
    ("quoted scalar", "引号没有闭合，请补上另一半引号"),
    ("mapping values are not allowed", "此处不能出现冒号：值里含有冒号时请整体加引号，或检查缩进"),
    ("cannot start any token", "含有不能开头的字符（如 Tab、@、`），请改用空格缩进或给值加引号"),
    ("block mapping", "缩进不一致，同一层的键应对齐"),
    ("block end", "缩进不一致，同一层的键应对齐"),
)


def _explain(exc: yaml.MarkedYAMLError) -> str:
    """A Chinese explanation of a PyYAML error, with what to do."""
    said = f"{exc.context or ''} {exc.problem or ''}"
    for needle, hint in _YAML_HINTS:
        if needle in said:
            return hint
    return "请检查这一行的括号、引号、冒号和缩进"


@dataclass
class Value:
    """A converted front-matter value and the line it came from."""

    value: Any
    line: int


def read(source: Source, schema: dict[str, Field], path: str, problems: Problems) -> dict[str, Value] | None:
    """Parse and check front matter against schema; None if the YAML itself is broken."""
    try:
        root = yaml.compose(source.header, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        # An unclosed bracket or quote is noticed only lines later; point at where it was opened.
        opened, noticed = exc.context_mark, exc.problem_mark
        mark = opened or noticed
        line = source.header_line + (mark.line if mark else 0)
        problems.error(path, line, f"YAML 语法错误：{_explain(exc)}")
        return None
    if root is None:
        root = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(root, yaml.MappingNode):
        problems.error(path, source.header_line, "YAML 头部应为“键: 值”的形式")
        return None
    values: dict[str, Value] = {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = source.header_line + key_node.start_mark.line
        if key not in schema:
            hint = difflib.get_close_matches(key, list(schema), n=1)
            suggestion = f"，是否应为 {hint[0]}？" if hint else f"，可用的键：{'、'.join(sorted(schema))}"
            problems.error(path, line, f'未知的键 "{key}"{suggestion}')
            continue
        if key in values:
            problems.error(path, line, f'键 "{key}" 重复出现（第 {values[key].line} 行已有），请删除其中一个')
            continue
        field = schema[key]
        try:
            if problem := tag_problem(value_node):
                raise ValueError(f"{field.label or key}：{problem}")
            values[key] = Value(field.convert(value_node, field.label or key), line)
        except ValueError as exc:
            problems.error(path, line, str(exc))
            values[key] = Value(None, line)
    for key, field in schema.items():
        if field.required and key not in values:
            problems.error(path, source.header_line, f'缺少必填的键 "{key}"（{field.label}）')
    return values
