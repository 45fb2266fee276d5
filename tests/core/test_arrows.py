"""Arrows run one way: dsar/core/ imports no feature (design.md). Every module of the package is
parsed, imports inside functions included, so a back-arrow cannot hide in a function body; the
failure names the file and the import. tests/workflows/test_purity.py guards workflows/ the same way."""

from __future__ import annotations

import ast
from pathlib import Path

DSAR = Path(__file__).resolve().parents[2] / "dsar"
CORE = DSAR / "core"
# What core may import from the portal: itself, the settings, and the app factory at the root of
# the package (a bare rq worker builds the whole app; dsar/core/jobs.py).
ALLOWED = {"core", "config"}
ROOT_NAMES = {"create_app"}


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def absolute(node: ast.ImportFrom, path: Path, root: Path) -> str:
    """The module a ``from`` import names, with relative imports resolved against the file."""
    if node.level == 0:
        return node.module or ""
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def imported(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in the file; ``from dsar import x`` gives ``dsar.x``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = absolute(node, path, root)
            if module == "dsar":
                found += [(node.lineno, f"dsar.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
    return found


def back_arrows(path: Path, root: Path = DSAR) -> list[str]:
    arrows = []
    for line, name in imported(path, root):
        parts = name.split(".")
        if parts[0] != "dsar" or len(parts) == 1:
            continue
        if parts[1] in ALLOWED or (len(parts) == 2 and parts[1] in ROOT_NAMES):
            continue
        arrows.append(f"{path.relative_to(root.parent)}:{line} imports {name}")
    return arrows


def core_files() -> list[Path]:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) >= 20, "the whole package is checked"
    return files


def test_core_imports_no_feature():
    arrows = [arrow for path in core_files() for arrow in back_arrows(path)]
    assert arrows == [], "dsar/core/ imports a feature:\n" + "\n".join(arrows)


def test_the_check_sees_a_back_arrow_at_module_level_and_in_a_function(tmp_path):
    package = tmp_path / "dsar" / "core" / "storage"
    package.mkdir(parents=True)
    sample = package / "sample.py"
    sample.write_text(
        "import os\n"
        "from dsar.core import db\n"
        "from dsar import config, create_app\n"
        "from dsar.cases.models import Case\n"
        "def later():\n"
        "    from dsar import retention\n"
        "    import dsar.accounts.fresh\n"
        "    from ...audit import views\n"
        "    from .. import crypto\n"
    )
    assert back_arrows(sample, tmp_path / "dsar") == [
        "dsar/core/storage/sample.py:4 imports dsar.cases.models",
        "dsar/core/storage/sample.py:6 imports dsar.retention",
        "dsar/core/storage/sample.py:7 imports dsar.accounts.fresh",
        "dsar/core/storage/sample.py:8 imports dsar.audit",
    ]
