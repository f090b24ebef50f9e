"""Engines must stay plain Python: no module under jingtu.engines may import Django, directly or indirectly."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import jingtu.engines

ENGINES = Path(jingtu.engines.__file__).parent


def test_no_django_import_statement_in_engines() -> None:
    offenders = []
    for path in ENGINES.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(ENGINES)}:{node.lineno} {n}"
                for n in names
                if n.split(".")[0] in ("django", "rest_framework", "rest_framework_gis")
                or n.startswith(("jingtu.core", "jingtu.web", "jingtu.project"))
            ]
    assert offenders == []


def test_importing_every_engine_loads_no_django() -> None:
    modules = [m.name for m in pkgutil.walk_packages([str(ENGINES)], prefix="jingtu.engines.")]
    assert modules, "no engine modules found"
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(bad)); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
