"""HJ 25.3-2019 human-health risk assessment engine for construction land (framework-free).

Public API (see docs/risk-engine.md):

- :func:`control_values` — RCVS/HCVS/control value (and RCVG/HCVG) of one substance;
- :func:`forward_risk` — CR/HQ per pathway, totals and shares at given concentrations;
- :func:`derived_table` / :func:`control_values_all` — all GB 36600-2018 items, vectorised;
- :func:`monte_carlo` — parameter distributions → percentiles;
- :func:`exposure_concentration` — censored-data statistics (detection frequency, KM mean, 95 % UCL, max);
- :func:`assess` — a plot's results → :class:`Assessment` with the proposed lifecycle step.
"""

from .api import (
    ENGINE_VERSION,
    ControlValues,
    ForwardRisk,
    TableRow,
    control_values,
    control_values_all,
    derived_table,
    deviation_note,
    forward_risk,
)
from .assess import Assessment, SampleResult, SubstanceAssessment, assess, layer_for_depth
from .model import GW_PATHWAYS, PATHWAY_NAMES, PATHWAYS, SOIL_PATHWAYS, check_pathways
from .montecarlo import Distribution, MonteCarloResult, monte_carlo
from .params import (
    CHEM_NAMES,
    PROFILES,
    Chemical,
    RiskInputError,
    chemical,
    chemicals,
    gb36600_items,
    known_cas,
    param_defs,
    parameters,
    parse_chem_value,
    parse_value,
)
from .stats import ExposureConcentration, Observation, exposure_concentration, kaplan_meier

__all__ = [
    "CHEM_NAMES",
    "ENGINE_VERSION",
    "GW_PATHWAYS",
    "PATHWAYS",
    "PATHWAY_NAMES",
    "PROFILES",
    "SOIL_PATHWAYS",
    "Assessment",
    "Chemical",
    "ControlValues",
    "Distribution",
    "ExposureConcentration",
    "ForwardRisk",
    "MonteCarloResult",
    "Observation",
    "RiskInputError",
    "SampleResult",
    "SubstanceAssessment",
    "TableRow",
    "assess",
    "check_pathways",
    "chemical",
    "chemicals",
    "control_values",
    "control_values_all",
    "derived_table",
    "deviation_note",
    "exposure_concentration",
    "forward_risk",
    "gb36600_items",
    "kaplan_meier",
    "known_cas",
    "layer_for_depth",
    "monte_carlo",
    "param_defs",
    "parameters",
    "parse_chem_value",
    "parse_value",
]
