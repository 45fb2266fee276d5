"""One access policy: dsar/core/access.py maps roles to capabilities, routes ask for a capability and
templates read ``can_*`` flags. These checks keep role lists and role comparisons from growing back
elsewhere; test_route_access.py proves, route by route, that the policy grants what it should."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from dsar.core import access
from tests.support.signin import sign_in

ROOT = Path(__file__).resolve().parents[2]
ROLE_NAMES = frozenset(access.ROLES)

ROLE_IN_TEMPLATE = re.compile(
    r"""current_user\.role(?!\s*\|\s*word)"""  # the role itself, other than printed as a word
    r"""|(==|!=|\bin)\s*[(\[]?\s*["'](admin|dpo|handler|auditor)["']"""  # compared with a role name
)


def _role_literals(tree: ast.AST) -> list[int]:
    """Lines of tuple/list/set literals made only of strings, at least one of them a staff role."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set) and node.elts:
            strings = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(strings) == len(node.elts) and ROLE_NAMES & set(strings):
                found.append(node.lineno)
    return found


def _roles_required_calls(tree: ast.AST) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "roles_required"
    ]


def python_offenders(root: Path = ROOT) -> dict[str, list[int]]:
    offenders = {}
    for path in sorted((root / "dsar").glob("**/*.py")):
        name = path.relative_to(root).as_posix()
        if name == "dsar/core/access.py" or name.startswith("dsar/migrations/"):
            continue
        tree = ast.parse(path.read_text(), filename=name)
        lines = _role_literals(tree) + _roles_required_calls(tree)
        if lines:
            offenders[name] = sorted(lines)
    return offenders


def template_offenders(root: Path = ROOT) -> dict[str, list[str]]:
    offenders = {}
    for path in sorted((root / "templates").glob("**/*.html")):
        hits = [m.group(0) for m in ROLE_IN_TEMPLATE.finditer(path.read_text())]
        if hits:
            offenders[path.relative_to(root).as_posix()] = hits
    return offenders


def test_no_module_outside_the_policy_lists_roles():
    assert python_offenders() == {}, "use dsar.core.access: requires(), can(), roles_with()"


def test_no_template_compares_roles():
    assert template_offenders() == {}, "use the can_* flags of dsar.core.access"


def test_the_checks_see_what_they_forbid(tmp_path):
    (tmp_path / "dsar").mkdir()
    (tmp_path / "dsar" / "views.py").write_text(
        'WORKERS = ("admin", "dpo", "handler")\n@roles_required("admin")\ndef page(): ...\n'
    )
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '{% if current_user.role in ("admin", "dpo") %}x{% endif %}'
        '{% if role == "auditor" %}y{% endif %}{{ current_user.role|word("staff_role") }}'
        '{% if filters.role == "controller" %}z{% endif %}'
    )
    assert python_offenders(tmp_path) == {"dsar/views.py": [1, 2]}
    assert template_offenders(tmp_path) == {
        "templates/page.html": ["current_user.role", 'in ("admin"', '== "auditor"'],
    }


def test_every_capability_names_known_roles():
    for capability, roles in access.CAPABILITIES.items():
        assert roles and roles <= ROLE_NAMES, capability


def test_the_staff_menu_follows_the_flags(client, forms, staff):
    """The menu is built from can_* flags: each role sees the entries of its capabilities."""
    seen = {}
    for role in access.ROLES:
        staff(role)
        sign_in(forms, email=f"{role}@example.org")
        page = client.get("/staff/cases").get_data(as_text=True)
        start = page.index('class="staffnav"')
        menu = page[start : page.index("</nav>", start)]
        seen[role] = {
            label
            for label in ("Reports", "Retention", "Data sources", "API clients", "Webhook deliveries")
            if f">{label}<" in menu
        }
        forms.post("/staff/logout", {}, form_path="/staff/cases")
    assert seen == {
        "admin": {"Reports", "Retention", "Data sources", "API clients"},
        "dpo": {"Reports", "Retention", "Data sources", "Webhook deliveries"},
        "handler": set(),
        "auditor": {"Reports"},
    }
