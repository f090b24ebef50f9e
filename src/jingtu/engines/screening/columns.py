"""Rows to screen, held as numbers and integer codes.

Text columns (analyte, sample, plot, unit, reasons …) are kept as codes into short lists of distinct strings from
the records' categoricals to the findings' categoricals, so screening 1M results never builds a million Python
strings; every text is computed once per distinct value."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass
class Texts:
    """A text column: ``cats[codes[i]]`` is row i's text; a missing value has its own code ``missing`` (text "",
    kept apart from a written "" because a group sum carries the first non-missing value)."""

    codes: IntArray
    cats: list[str]
    missing: int

    @classmethod
    def of(cls, series: pd.Series) -> Texts:
        if isinstance(series.dtype, pd.CategoricalDtype):
            cats = [str(c) for c in series.cat.categories]
            codes = series.cat.codes.to_numpy().astype(np.intp)
        else:
            values = np.asarray(series, dtype=object)
            fcodes, uniq = pd.factorize(values)  # NaN/None -> -1
            codes, cats = fcodes.astype(np.intp), [str(u) for u in uniq]
        cats.append("")
        return cls(np.where(codes < 0, len(cats) - 1, codes), cats, len(cats) - 1)

    def code_of(self, text: str) -> int:
        """Code of ``text``, added to the categories when absent."""
        try:
            return self.cats.index(text)
        except ValueError:
            self.cats.append(text)
            return len(self.cats) - 1

    def per_cat(self, fn: Callable[[str], Any], dtype: Any) -> npt.NDArray[Any]:
        """``fn`` applied once per category."""
        return np.asarray([fn(c) for c in self.cats], dtype=dtype)

    def is_(self, text: str) -> BoolArray:
        """Rows whose text equals ``text``."""
        hit = [k for k, c in enumerate(self.cats) if c == text]
        return np.isin(self.codes, hit) if hit else np.zeros(len(self.codes), dtype=bool)


TEXT_COLUMNS = (
    "aid",
    "written",
    "sample",
    "plot",
    "point",
    "matrix",
    "basis",
    "district",
    "soil",
    "raw_unit",
)
NUMBER_COLUMNS = (
    "line",
    "top",
    "bottom",
    "detected",
    "value",
    "dl",
    "raw_value",
    "raw_dl",
    "convertible",
    "ph",
    "derived",
    "unit_reason",
    "missing",
)


@dataclass
class Rows:
    """Measured results and computed group sums in one set: numeric arrays (``num``) and text codes (``text``,
    all sharing the category lists in ``Texts``). ``unit_reason`` and ``missing`` are codes into
    ``unit_reasons`` / ``missing_members`` ("" = none)."""

    num: dict[str, npt.NDArray[Any]]
    text: dict[str, Texts]
    unit_reasons: list[str]
    missing_members: list[str]

    def __len__(self) -> int:
        return len(self.num["line"])

    def codes(self, name: str) -> IntArray:
        return self.text[name].codes

    def take(self, order: IntArray) -> None:
        self.num = {k: v[order] for k, v in self.num.items()}
        for t in self.text.values():
            t.codes = t.codes[order]

    def extend(self, num: dict[str, npt.NDArray[Any]], codes: dict[str, IntArray]) -> None:
        """Append rows given as arrays for every numeric column and codes for every text column."""
        self.num = {k: np.concatenate([v, num[k]]) for k, v in self.num.items()}
        for k, t in self.text.items():
            t.codes = np.concatenate([t.codes, codes[k]])


class Categories:
    """Builds the categories of one output column from several blocks of texts (each block gets an offset)."""

    def __init__(self) -> None:
        self.texts: list[str | None] = []

    def block(self, texts: Sequence[str | None]) -> int:
        """Add a block; returns its offset (codes of the block are offset + index)."""
        off = len(self.texts)
        self.texts.extend(texts)
        return off

    def block_codes(self, texts: Sequence[str]) -> IntArray:
        """Add a block; returns each entry's code, -1 for "" (no text)."""
        off = self.block(texts)
        return np.asarray([off + i if t else -1 for i, t in enumerate(texts)], dtype=np.intp)


def categorical(codes: IntArray, cats: Sequence[str | None]) -> pd.Categorical:
    """Codes into ``cats`` (entries may repeat; None and code -1 mean missing) as a pandas Categorical."""
    index: dict[str, int] = {}
    remap = np.full(len(cats) + 1, -1, dtype=np.int64)  # the last slot answers code -1
    for i, c in enumerate(cats):
        if c is not None:
            remap[i] = index.setdefault(c, len(index))
    return pd.Categorical.from_codes(remap[codes], categories=pd.Index(list(index), dtype=object))


def per_distinct(keys: npt.NDArray[np.int64], fn: Callable[[int], str]) -> tuple[IntArray, list[str]]:
    """Factorise integer ``keys``; ``fn`` once per distinct key. Returns (codes into the texts, texts)."""
    inv, uniq = pd.factorize(keys)
    return inv.astype(np.intp), [fn(int(k)) for k in np.asarray(uniq).tolist()]
