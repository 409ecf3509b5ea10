"""verify/ stands alone: import-linter contracts both ways, and a run of the verifier in a
process where ledger/, domain/, projections/ and fundtrail/ cannot be imported at all."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from tests.helpers import build_world

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(linter), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken." in result.stdout


def test_verifier_runs_where_the_ledger_cannot_be_imported(tmp_path: Path) -> None:
    w = build_world(f"sqlite:///{tmp_path}/l.sqlite")
    w.app.close()
    script = textwrap.dedent(f"""
        import importlib.abc, sys

        class Forbid(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("ledger", "domain", "projections", "fundtrail", "eventsourcing", "sqlalchemy"):
                    raise ImportError(f"{{name}} is not available to the verifier")
                return None

        sys.meta_path.insert(0, Forbid())
        from verify.cli import main
        sys.argv = ["fundtrail-verify", "chain", "sqlite:///{tmp_path}/l.sqlite", "--format", "json"]
        main()
    """)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    # 4 commands: a command signature and a log-key seal each
    assert report["summary"] == {"records": 20, "signatures_checked": 8, "findings": 0, "result": "verified"}


def imports_of(package: str) -> Iterator[tuple[str, str]]:
    """(file name, absolute module imported) for every import in a package's modules."""
    for path in (ROOT / package).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield from ((path.name, a.name) for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path.name, node.module


def test_verify_package_imports_only_what_the_spec_allows() -> None:
    # docs/decisions.md §13: the standard library, cryptography, click and psycopg; nothing else.
    allowed = set(sys.stdlib_module_names) | {"__future__", "cryptography", "click", "psycopg", "verify"}
    for file, name in imports_of("verify"):
        assert name.split(".")[0] in allowed, f"{file} imports {name}"


def test_domain_is_free_of_io() -> None:
    """domain/ uses the stdlib and eventsourcing's domain model only (docs/decisions.md §24)."""
    allowed_eventsourcing = {"eventsourcing", "eventsourcing.domain", "eventsourcing.utils"}
    io_modules = {"os", "sqlite3", "socket", "subprocess", "pathlib", "io", "shutil"}
    imported = list(imports_of("domain"))
    assert any(name == "eventsourcing.domain" for _, name in imported)  # the walk does see imports
    for file, name in imported:
        top = name.split(".")[0]
        assert top not in io_modules, f"{file} imports {name}"
        if top == "eventsourcing":
            assert name in allowed_eventsourcing, f"{file} imports {name}"
