"""Bridge to the plan parser engine (`jingtu.engines.plans`), through its documented CLI contract.

The contract (issue 6) is `jingtu plan parse FILE [--year YYYY] --format json`, printing
{"title", "year", "issuer", "sections": [{"number", "title", "tasks": [{"number", "title", "measures": [...]}]}]}.
Calling it in a subprocess keeps Django out of the engine's process and ties this app to the contract, not to
the engine's internal function names.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


class ParserError(Exception):
    """The parser is unavailable or rejected the file; the message is the parser's own."""


def parse_document(path: str | Path, *, year: int | None = None, timeout: float = 120) -> dict[str, Any]:
    """Parse a plan document (.txt exported from PDF/Word, .docx, .xlsx) into the contract's JSON."""
    cmd = [sys.executable, "-c", "from jingtu.cli.main import main; main()", "plan", "parse", str(path)]
    if year:
        cmd += ["--year", str(year)]
    cmd += ["--format", "json"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ParserError(f"the plan parser took longer than {timeout:.0f} s on {path}") from exc
    if proc.returncode != 0:
        message = (proc.stderr or proc.stdout).strip().splitlines()
        tail = message[-1] if message else f"exit status {proc.returncode}"
        if "No such command 'plan'" in proc.stderr or "No such command" in tail:
            tail = "the plan parser (jingtu plan parse) is not installed in this build"
        raise ParserError(f"{Path(path).name}: {tail}")
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise ParserError(f"{Path(path).name}: the parser printed no JSON ({exc})") from exc
    if not isinstance(data, dict) or "sections" not in data:
        raise ParserError(f"{Path(path).name}: the parser output has no 'sections'")
    return data
