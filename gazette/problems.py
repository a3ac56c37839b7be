"""Problems found in content: one record type for every error and warning."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located in its source file."""

    path: str
    """Source path relative to the site root, always /-separated (content/2022-03/wzf-2022-22.md)."""
    line: int
    """1-based line in the source; 0 when the problem concerns the whole file."""
    message: str
    """What is wrong and what to do, in Chinese."""
    severity: Severity = "error"
    """error stops the build from publishing; warning is only reported; info (what was recognised
    in the text, for an editor to check) is reported but counts as neither."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = {"error": "", "warning": "警告：", "info": "提示："}[self.severity]
        return f"{where}: {label}{self.message}"

    def as_dict(self) -> dict:
        """Plain dict for JSON output."""
        return {"path": self.path, "line": self.line, "message": self.message, "severity": self.severity}


@dataclass
class Problems:
    """Collects problems from every stage, to be printed together."""

    items: list[Problem] = field(default_factory=list)
    _seen: set[Problem] = field(default_factory=set, repr=False)

    def error(self, path: str, line: int, message: str) -> None:
        """Record an error."""
        self.add(Problem(path, line, message, "error"))

    def warning(self, path: str, line: int, message: str) -> None:
        """Record a warning."""
        self.add(Problem(path, line, message, "warning"))

    def info(self, path: str, line: int, message: str) -> None:
        """Record an info line: not a problem, not counted as an error or a warning."""
        self.add(Problem(path, line, message, "info"))

    def add(self, problem: Problem) -> None:
        """Record a problem unless the same one is already recorded."""
        if problem not in self._seen:
            self._seen.add(problem)
            self.items.append(problem)

    def extend(self, other: Problems) -> None:
        """Take over the problems another collector found."""
        for problem in other.items:
            self.add(problem)

    @property
    def errors(self) -> list[Problem]:
        """Errors only, sorted by place."""
        return sorted(p for p in self.items if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        """Warnings only, sorted by place."""
        return sorted(p for p in self.items if p.severity == "warning")

    @property
    def infos(self) -> list[Problem]:
        """Info lines only, sorted by place."""
        return sorted(p for p in self.items if p.severity == "info")

    def sorted(self) -> list[Problem]:
        """Every problem, sorted by file and line, each once."""
        return sorted(self.items, key=lambda p: (p.path, p.line, p.severity, p.message))


class ContentError(Exception):
    """Raised when a build must stop because of errors; carries every problem found."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems.errors)} 个错误")
        self.problems = problems
