"""workflows/ stays pure Python: no web framework, database, queue or portal import."""

from __future__ import annotations

import ast
from pathlib import Path

FORBIDDEN = {"flask", "sqlalchemy", "rq", "redis", "dsar", "flask_babel", "werkzeug"}
PACKAGE = Path(__file__).resolve().parents[2] / "workflows"


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_workflows_imports_no_framework():
    files = sorted(PACKAGE.glob("**/*.py"))
    assert len(files) >= 5
    offenders = {path.name: imported_roots(path) & FORBIDDEN for path in files}
    assert {name: bad for name, bad in offenders.items() if bad} == {}
