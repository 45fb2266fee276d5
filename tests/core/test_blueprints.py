"""One blueprint per routes module: a module adds routes only to the blueprint it defines, so where an
endpoint lives can be read from its name (``decisions.decide`` is in cases/decision_views.py)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Moving to dsar/intake/ with a blueprint of its own.
MOVING = {"dsar/cases/register_views.py"}
ROUTE_DECORATORS = {"route", "get", "post", "app_template_global", "app_template_filter"}


def borrowed_blueprints(root: Path = ROOT) -> dict[str, list[str]]:
    """Per module, the names it decorates routes with but imported from another module."""
    found = {}
    for path in sorted((root / "dsar").glob("**/*.py")):
        name = path.relative_to(root).as_posix()
        if name in MOVING:
            continue
        tree = ast.parse(path.read_text(), filename=name)
        imported = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        used = {
            decorator.func.value.id
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
            for decorator in node.decorator_list
            if isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr in ROUTE_DECORATORS
            and isinstance(decorator.func.value, ast.Name)
        }
        if used & imported:
            found[name] = sorted(used & imported)
    return found


def test_no_module_adds_routes_to_another_modules_blueprint():
    assert borrowed_blueprints() == {}


def test_the_check_sees_a_borrowed_blueprint(tmp_path):
    (tmp_path / "dsar").mkdir()
    (tmp_path / "dsar" / "extra_views.py").write_text(
        'from dsar.cases.views import bp\n\n@bp.route("/x")\ndef x(): ...\n'
    )
    (tmp_path / "dsar" / "own_views.py").write_text(
        'from flask import Blueprint\nbp = Blueprint("own", __name__)\n\n@bp.route("/y")\ndef y(): ...\n'
    )
    assert borrowed_blueprints(tmp_path) == {"dsar/extra_views.py": ["bp"]}


def test_every_blueprint_is_registered(app):
    """A routes module's blueprint that nobody registers would silently drop its pages."""
    declared = set()
    for path in (ROOT / "dsar").glob("**/*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Blueprint" and node.args:
                declared.add(node.args[0].value)
    assert declared <= set(app.blueprints)
