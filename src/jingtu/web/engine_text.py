"""Display translation of an engine's fixed English texts (shared by the risk, plot and plan pages).

Engines are framework-free and write English; stored records keep it as written. Pages translate for display
only: an exact table first, then rules (a pattern and how to render its match), else the text as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Rule = tuple["re.Pattern[str]", Callable[["re.Match[str]"], str]]


class EngineText:
    def __init__(self, exact: Mapping[str, Any] | None = None, rules: Sequence[Rule] = ()) -> None:
        self.exact = dict(exact or {})
        self.rules = list(rules)

    def __call__(self, value: Any) -> str:
        text = str(value or "")
        if text in self.exact:
            return str(self.exact[text])
        for pattern, render in self.rules:
            m = pattern.match(text)
            if m:
                return render(m)
        return text
