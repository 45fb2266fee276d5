"""The arrows between features run one way (design.md), as tests/workflows/test_purity.py keeps
workflows/ pure. Read from the source with ast, module-level and function-level imports alike:

- ``dsar/core/`` imports no feature: tests/core/test_arrows.py checks that one.
- ``dsar/cases/`` is the aggregate every feature builds on: it imports no other feature. Features
  take part in a case through ``dsar/cases/hooks.py``, registered from their own ``init_app``.
- A feature uses another feature's service, never its models. The one exception is
  ``dsar.cases.models``: the case and its parts are the aggregate, and every feature may use them.
- An import inside a function is there only to break a real import cycle, and a comment on the line
  before it, on the import itself or on the line after it says which cycle (or why it must wait).
  Only the portal's own modules count: a heavy library loaded on first use is not an arrow.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "dsar"
FIRST_PARTY = ("dsar", "workflows")
# What cases/ may import of the portal besides itself: the shared core and the settings.
CASES_MAY_IMPORT = {"cases", "core", "config"}
SHARED_MODELS = "cases"  # the aggregate's models are everyone's


@dataclass(frozen=True)
class Import:
    path: str  # relative to the project root
    line: int
    modules: tuple[str, ...]  # every module the statement may import (``from a import b``: a, a.b)
    in_function: bool
    commented: bool


def feature_of(path: str) -> str | None:
    """``dsar/<feature>/...`` -> feature; top-level modules of the package belong to none."""
    parts = Path(path).parts
    return parts[1] if len(parts) > 2 and parts[0] == "dsar" else None


def _modules(node: ast.Import | ast.ImportFrom, path: str) -> tuple[str, ...]:
    if isinstance(node, ast.Import):
        return tuple(alias.name for alias in node.names)
    base = node.module or ""
    if node.level:  # relative: resolve against the file's package
        package = list(Path(path).with_suffix("").parts[: -node.level])
        base = ".".join(package + ([base] if base else []))
    return (base, *(f"{base}.{alias.name}" for alias in node.names))


def _comment_lines(source: str) -> set[int]:
    """Line numbers that hold a comment (alone or after code)."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {token.start[0] for token in tokens if token.type == tokenize.COMMENT}


def imports_of(source: str, path: str) -> list[Import]:
    tree = ast.parse(source, filename=path)
    comments = _comment_lines(source)
    found = []
    in_function = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            in_function |= {id(inner) for inner in ast.walk(node) if inner is not node}
    imports = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
    lines = {line for node in imports for line in range(node.lineno, node.end_lineno + 1)}
    for node in imports:
        # A run of imports next to each other shares one comment: before the first, after the last.
        first, last = node.lineno, node.end_lineno
        while first - 1 in lines:
            first -= 1
        while last + 1 in lines:
            last += 1
        commented = bool(comments & ({first - 1, last + 1} | set(range(first, last + 1))))
        found.append(Import(path, node.lineno, _modules(node, path), id(node) in in_function, commented))
    return found


def package_imports() -> list[Import]:
    files = [p for p in sorted(PACKAGE.glob("**/*.py")) if "migrations" not in p.parts]
    assert len(files) > 100, "the whole package is read"
    return [found for file in files for found in imports_of(file.read_text(), str(file.relative_to(ROOT)))]


def dsar_features(modules) -> set[str]:
    return {
        module.split(".")[1] for module in modules if module.startswith("dsar.") and module.count(".") >= 1
    }


def cases_back_arrows(imports: list[Import]) -> list[str]:
    return sorted(
        f"{found.path}:{found.line} imports {', '.join(sorted(bad))}"
        for found in imports
        if feature_of(found.path) == "cases"
        and (bad := dsar_features(found.modules) - CASES_MAY_IMPORT - {"__init__"})
    )


def foreign_models(imports: list[Import]) -> list[str]:
    offenders = []
    for found in imports:
        own = feature_of(found.path)
        for module in found.modules:
            parts = module.split(".")
            models = len(parts) == 3 and parts[0] == "dsar" and parts[2] == "models"
            if models and parts[1] not in (own, SHARED_MODELS):
                offenders.append(f"{found.path}:{found.line} imports {module}")
    return sorted(set(offenders))


def silent_function_imports(imports: list[Import]) -> list[str]:
    return sorted(
        f"{found.path}:{found.line}"
        for found in imports
        if found.in_function
        and not found.commented
        and any(module.split(".")[0] in FIRST_PARTY for module in found.modules)
    )


def test_cases_imports_no_other_feature():
    assert cases_back_arrows(package_imports()) == []


def test_no_feature_imports_another_features_models():
    assert foreign_models(package_imports()) == []


def test_every_import_inside_a_function_says_why():
    assert silent_function_imports(package_imports()) == []


# The checks themselves see what they are there for.


def test_the_check_sees_cases_import_a_feature():
    sample = "from dsar.casework import approvals\nfrom dsar.core.db import db\nimport dsar.cases.hooks\n"
    found = imports_of(sample, "dsar/cases/sample.py")
    assert cases_back_arrows(found) == ["dsar/cases/sample.py:1 imports casework"]
    inside = "def f():\n    # cycle: none, the check reads functions too\n    from dsar import intake\n"
    assert cases_back_arrows(imports_of(inside, "dsar/cases/sample.py")) == [
        "dsar/cases/sample.py:3 imports intake"
    ]


def test_the_check_sees_another_features_models():
    sample = (
        "from dsar.accounts.models import StaffUser\n"
        "from dsar.cases.models import Case\n"
        "from dsar.letters.models import Letter\n"
        "from dsar.exports import models\n"
    )
    assert foreign_models(imports_of(sample, "dsar/letters/sample.py")) == [
        "dsar/letters/sample.py:1 imports dsar.accounts.models",
        "dsar/letters/sample.py:4 imports dsar.exports.models",
    ]


def test_the_check_sees_an_import_inside_a_function_without_a_comment():
    sample = (
        "import os\n"
        "\n"
        "def quiet():\n"
        "    from dsar.cases import service\n"
        "    import numpy\n"
        "\n"
        "def explained():\n"
        "    # cycle: dsar.x -> dsar.y -> dsar.x\n"
        "    from dsar.cases import service\n"
        "    from dsar.core import audit\n"
        "\n"
        "def trailing():\n"
        "    from dsar.core import audit  # cycle: core.audit -> ...\n"
    )
    assert silent_function_imports(imports_of(sample, "dsar/letters/sample.py")) == [
        "dsar/letters/sample.py:4"
    ]
