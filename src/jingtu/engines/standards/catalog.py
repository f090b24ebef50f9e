"""Analyte catalogue (``src/jingtu/data/standards/analytes.csv``): identifiers, names, synonyms and group members."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cas import IdentifierError, is_pseudo_code, is_valid_cas, normalize_identifier
from .names import fallback_keys, name_key

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "standards"
ANALYTES_FILE = DATA_DIR / "analytes.csv"
KINDS = frozenset({"element", "compound", "group", "param"})


class CatalogError(ValueError):
    """The catalogue file is malformed; the message names the file, line and field."""


@dataclass(frozen=True)
class Analyte:
    """One analyte. ``id`` is a CAS RN or a ``JT:`` pseudo-code; ``members`` are the ids a group sums."""

    id: str
    kind: str
    name_zh: str
    name_en: str
    synonyms: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    note: str = ""

    @property
    def cas(self) -> str | None:
        """The CAS RN, or None for a pseudo-code."""
        return None if is_pseudo_code(self.id) else self.id

    @property
    def is_group(self) -> bool:
        return self.kind == "group"


@dataclass(frozen=True)
class Resolution:
    """Result of resolving a (name, CAS) pair written in a lab file."""

    analyte_id: str | None
    field: str | None = None  # field with a problem: "cas" or "analyte"
    problem: str | None = None  # set when the pair must be rejected
    warning: str | None = None  # set when the pair is usable but suspicious / unknown


def data_rows(text: str) -> tuple[int, list[str] | None, Iterator[tuple[int, list[str]]]]:
    """The header line number, the header cells and the data rows of a Jingtu data CSV text: leading ``#`` comment
    and blank lines are skipped, so are blank rows and ``#`` rows further down; each row comes with the physical
    line it ends on (first line of the file = 1). Header None: the text has no header line."""
    lines = text.splitlines()
    skip = 0
    while skip < len(lines) and (lines[skip].startswith("#") or not lines[skip].strip()):
        skip += 1
    if skip == len(lines):
        return max(skip, 1), None, iter(())
    reader = csv.reader(io.StringIO("\n".join(lines[skip:])))  # a quoted cell may span lines
    header = next(reader)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for cells in reader:
            if any(c.strip() for c in cells) and not cells[0].startswith("#"):
                yield skip + reader.line_num, cells

    return skip + 1, header, rows()


def read_data_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a Jingtu data CSV (leading ``#`` comment lines allowed) with their physical line numbers."""
    _, header, rows = data_rows(path.read_text(encoding="utf-8"))
    for line, cells in rows:
        yield line, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header or [])}


_VERSION_RE = re.compile(r"[Vv]ersion(?: of this file)?:?\s*(\d{4}-\d{2}-\d{2}(?:\.\d+)?)")


def data_version(path: Path) -> str:
    """The version stated in a data file's header comment (``Version ... 2026-11-22.1``)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                break
            m = _VERSION_RE.search(line)
            if m is not None:
                return m.group(1)
    raise CatalogError(f"{path.name}: no version in the header comment")


class Catalog:
    """All known analytes with name/synonym and identifier lookup."""

    def __init__(self, analytes: Iterable[Analyte]) -> None:
        self._by_id: dict[str, Analyte] = {}
        self._by_key: dict[str, str] = {}
        self._groups_of: dict[str, list[str]] = {}
        for a in analytes:
            if a.id in self._by_id:
                raise CatalogError(f"duplicate analyte id {a.id}")
            self._by_id[a.id] = a
        for a in self._by_id.values():
            for n in (a.name_zh, a.name_en, *a.synonyms, a.id):
                k = name_key(n)
                other = self._by_key.get(k)
                if other is not None and other != a.id:
                    raise CatalogError(f"name {n!r} of {a.id} is already used by {other}")
                self._by_key[k] = a.id
            for m in a.members:
                if m not in self._by_id:
                    raise CatalogError(f"group {a.id} lists unknown member {m}")
                self._groups_of.setdefault(m, []).append(a.id)

    def __contains__(self, analyte_id: object) -> bool:
        return analyte_id in self._by_id

    def __getitem__(self, analyte_id: str) -> Analyte:
        return self._by_id[analyte_id]

    def __iter__(self) -> Iterator[Analyte]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, analyte_id: str) -> Analyte | None:
        return self._by_id.get(analyte_id)

    def groups_of(self, analyte_id: str) -> tuple[str, ...]:
        """Groups (ids) that sum ``analyte_id``."""
        return tuple(self._groups_of.get(analyte_id, ()))

    def find_name(self, name: str) -> str | None:
        """Analyte id for a written name or synonym, or None."""
        key = name_key(name)
        hit = self._by_key.get(key)
        if hit is not None:
            return hit
        for k in fallback_keys(key):
            hit = self._by_key.get(k)
            if hit is not None:
                return hit
        return None

    def resolve(self, name: str | None, cas: str | None) -> Resolution:
        """Resolve what a lab wrote. The CAS wins when both are given and consistent; a malformed CAS or a CAS and a
        name that name two different known analytes is a problem; an unknown analyte is a warning (kept, not screened).
        A name that is a member of the group the CAS denotes (or vice versa) is not a conflict."""
        name = (name or "").strip()
        cas = (cas or "").strip()
        by_name = self.find_name(name) if name else None
        if cas:
            try:
                ident = normalize_identifier(cas)
            except IdentifierError as exc:
                return Resolution(None, "cas", str(exc))
            if ident in self._by_id:
                if by_name is not None and by_name != ident and not self._related(by_name, ident):
                    a, b = self._by_id[ident], self._by_id[by_name]
                    return Resolution(
                        None,
                        "cas",
                        f"CAS {ident} is {a.name_zh} ({a.name_en}) but the analyte is written as {name!r} "
                        f"= {b.name_zh} ({b.id})",
                    )
                return Resolution(ident)
            if by_name is not None:
                return Resolution(
                    by_name, "cas", None, f"CAS {ident} is not in the catalogue; matched by name"
                )
            return Resolution(ident, "cas", None, f"CAS {ident} is not in the catalogue (no limit known)")
        if not name:
            return Resolution(None, "analyte", "neither analyte name nor CAS given")
        if by_name is None:
            return Resolution(
                None, "analyte", None, f"analyte {name!r} is not in the catalogue (no limit known)"
            )
        return Resolution(by_name)

    def _related(self, a: str, b: str) -> bool:
        return b in self._groups_of.get(a, ()) or a in self._groups_of.get(b, ())


def parse_catalog(path: Path) -> Catalog:
    analytes: list[Analyte] = []
    for line, row in read_data_csv(path):
        try:
            ident = normalize_identifier(row["id"])
        except IdentifierError as exc:
            raise CatalogError(f"{path.name}:{line}: id: {exc}") from exc
        if ident != row["id"]:
            raise CatalogError(f"{path.name}:{line}: id: {row['id']!r} is not canonical ({ident})")
        if row["kind"] not in KINDS:
            raise CatalogError(f"{path.name}:{line}: kind: {row['kind']!r} not in {sorted(KINDS)}")
        if not is_pseudo_code(ident) and not is_valid_cas(ident):
            raise CatalogError(f"{path.name}:{line}: id: invalid CAS {ident}")
        members = tuple(m.strip() for m in row["members"].split(";") if m.strip())
        if members and row["kind"] != "group":
            raise CatalogError(f"{path.name}:{line}: members: only groups have members")
        analytes.append(
            Analyte(
                id=ident,
                kind=row["kind"],
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                synonyms=tuple(s.strip() for s in row["synonyms"].split("|") if s.strip()),
                members=members,
                note=row["note"],
            )
        )
    return Catalog(analytes)


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The shipped catalogue (cached)."""
    return parse_catalog(ANALYTES_FILE)
