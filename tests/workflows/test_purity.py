"""workflows/ stays pure Python: no web framework, database, queue or portal import."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

FORBIDDEN = {"flask", "sqlalchemy", "rq", "redis", "dsar", "flask_babel", "werkzeug"}
ALLOWED = set(sys.stdlib_module_names) | {"__future__", "holidays", "workflows"}
PACKAGE = Path(__file__).resolve().parents[2] / "workflows"


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def package_files() -> list[Path]:
    files = sorted(PACKAGE.glob("**/*.py"))
    assert len(files) >= 5, "the whole package is checked"
    return files


def test_workflows_imports_no_framework_database_queue_or_portal():
    offenders = {path.name: imported_roots(path) & FORBIDDEN for path in package_files()}
    assert {name: bad for name, bad in offenders.items() if bad} == {}


def test_workflows_imports_only_the_standard_library_and_holidays():
    outside = {path.name: imported_roots(path) - ALLOWED for path in package_files()}
    assert {name: extra for name, extra in outside.items() if extra} == {}


def test_the_check_sees_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom flask import Flask\nimport sqlalchemy.orm as orm\n")
    assert imported_roots(sample) & FORBIDDEN == {"flask", "sqlalchemy"}
