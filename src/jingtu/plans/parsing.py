"""Bridge to the plan parser engine (`jingtu.engines.plans`, owned by the parser; see docs/plan-parser.md).

The engine returns the `jingtu plan parse --format json` contract of issue 6 (`Plan.to_dict()`):
{"title", "year", "issuer", "sections": [{"number", "title", "tasks": [{"number", "title", "measures": [...]}]}]}.
This module only calls it and turns its errors into one exception the views and the CLI report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class ParserError(Exception):
    """The parser rejected the file; the message is the parser's own, naming the file."""


def parser_version() -> str:
    from jingtu.engines.plans import PARSER_VERSION

    return str(PARSER_VERSION)


def parse_document(
    path: str | Path, *, year: int | None = None, district: str | None = None
) -> dict[str, Any]:
    """Parse a plan document (.txt exported from PDF/Word, .docx, .xlsx) into the contract's JSON.

    `district` (GB/T 2260 code) is the context for district-shared unit names (区生态环境局); None = municipal
    or read from the title by the parser.
    """
    from jingtu.engines.plans import PlanReadError, parse_file

    try:
        result = parse_file(Path(path), year=year, district=district)
    except PlanReadError as exc:
        raise ParserError(str(exc)) from exc
    except ValueError as exc:  # an unknown district code
        raise ParserError(f"{Path(path).name}: {exc}") from exc
    data: dict[str, Any] = result.to_dict()
    if not data.get("sections"):
        raise ParserError(f"{Path(path).name}: the parser found no sections")
    return data
