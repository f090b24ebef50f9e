"""Demo plan: the Dongcheng 2024 净土保卫战 action plan, imported and confirmed so the tracking pages have content.

The document ships in `jingtu/data/demo/` (see SOURCE.md there). It goes in through the same actions as a web
import (`import_plan`, then `confirm_plan`), as the demo municipal administrator. Idempotent: nothing happens when
a plan from that file exists already.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jingtu

DEMO_PLAN = Path(jingtu.__file__).parent / "data" / "demo" / "plan_dongcheng_2024.txt"
DEMO_USERNAME = "admin"  # jingtu.core.demo.DEMO_USERS: the municipal administrator


def load_demo_plans(actor: Any) -> None:
    from django.core.files import File

    from jingtu.accounts.models import User
    from jingtu.plans import actions
    from jingtu.plans.models import Plan
    from jingtu.plans.parsing import parse_document, parser_version

    if Plan.all_objects.filter(source_name=DEMO_PLAN.name).exists():
        return
    user = User.objects.filter(username=DEMO_USERNAME).first() or actor
    parsed = parse_document(DEMO_PLAN)
    with DEMO_PLAN.open("rb") as fh:
        plan = actions.import_plan(
            user,
            parsed,
            source_file=File(fh, name=DEMO_PLAN.name),
            source_name=DEMO_PLAN.name,
            parser_version=parser_version(),
        )
    actions.confirm_plan(user, plan, reason="demo data")
