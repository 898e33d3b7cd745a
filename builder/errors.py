"""The builder's one error type and the collector that gathers them per run."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One message about one place in one source file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class BuildError(Exception):
    """An error in the site's input, naming the file and line it comes from."""

    def __init__(self, path: str | Path, line: int, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(str(path), int(line or 1), message)

    def __str__(self) -> str:
        return str(self.problem)


class BuildErrors(BuildError):
    """Several problems found together in one file."""

    def __init__(self, errors: list[BuildError]) -> None:
        first = errors[0].problem
        super().__init__(first.path, first.line, first.message)
        self.all = list(errors)


class BuildFailed(Exception):
    """Raised once a stage has collected errors; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} error(s)")
        self.problems = sorted(set(problems))


@dataclass
class Diagnostics:
    """Collects errors and warnings so one run can report every problem once."""

    strict: bool = False
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, path: str | Path, line: int, message: str) -> None:
        self.errors.append(Problem(str(path), int(line or 1), message))

    def add(self, exc: BuildError) -> None:
        for each in getattr(exc, "all", [exc]):
            self.errors.append(each.problem)

    def warn(self, path: str | Path, line: int, message: str) -> None:
        """A warning; under --strict it counts as an error."""
        target = self.errors if self.strict else self.warnings
        target.append(Problem(str(path), int(line or 1), message))

    def raise_if_failed(self) -> None:
        """Stop the run after a stage when anything went wrong in it."""
        if self.errors:
            raise BuildFailed(self.errors)
