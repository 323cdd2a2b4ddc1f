"""The domain layers never import Qt: only editor/ui/ and the gui command may (DESIGN.md)."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

QT_ALLOWED = ("editor/ui/", "editor/commands/gui.py")


def test_no_qt_outside_the_ui_layer():
    offenders = []
    for path in sorted((ROOT / "editor").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(QT_ALLOWED):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("PySide6", "shiboken6") for n in names):
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []


def test_every_package_ships_in_the_wheel():
    """pyproject.toml lists the packages explicitly (resources/ is mapped into editor._resources): a new
    sub-package must be added there, or an installed program would miss it."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {p.parent.relative_to(ROOT).as_posix().replace("/", ".") for p in (ROOT / "editor").rglob("__init__.py")}
    assert found | {"editor._resources"} == listed
