"""What changed between two dates (the overview's "what changed", issue #13): each customer's pyramid tier,
RFM segment and lifecycle stage on both dates, and the flows between them.

Each grouping is the landed view's own, with its defaults: tiers by the value metric (profit when the data
has cost or margin, else net revenue; Curry's 1/4/15/80 cut points, :mod:`crm_core.pyramid`), the 11 RFM
segments of quintile scores on total spend (:mod:`crm_core.rfm`), the lifecycle stages with the default
thresholds (:mod:`crm_core.lifecycle`). Scores and cut points are recomputed on each date's own customers,
as the RFM and pyramid pages do for an earlier as-of date.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .customers import customer_summary
from .lifecycle import customer_stages
from .lifecycle_over_time import NOT_YET
from .pyramid import assign_tiers
from .rfm import score_rfm
from .store import Store
from .transitions import flows
from .value import available_metrics, customer_value

DIMENSIONS: tuple[str, ...] = ("tier", "rfm_segment", "stage")
NEW = NOT_YET  # the earlier-date group of a customer whose first order came between the two dates


def groups_at(store: Store, as_of: dt.date, *, has_profit: bool) -> pd.DataFrame:
    """One row per customer with an order before ``as_of``: ``customer_id``, ``tier``, ``rfm_segment``,
    ``stage`` (ids of the three views)."""
    summary = customer_summary(store, as_of)
    if summary.empty:
        return pd.DataFrame(columns=["customer_id", *DIMENSIONS])
    metric = available_metrics(summary, has_profit=has_profit)[0]
    tiers = assign_tiers(summary["customer_id"], customer_value(summary, metric))
    scores, _ = score_rfm(summary)
    stages = customer_stages(store, as_of)
    out = pd.DataFrame({"customer_id": summary["customer_id"].to_numpy(), "tier": tiers.to_numpy(),
                        "rfm_segment": scores["rfm_segment"].to_numpy()})
    return out.merge(stages[["customer_id", "stage"]], on="customer_id", how="left", validate="one_to_one")


def changes(store: Store, since: dt.date, as_of: dt.date, *, has_profit: bool) -> dict[str, pd.DataFrame]:
    """{dimension: flows ``from, to, customers``} from ``since`` to ``as_of`` (:func:`crm_core.transitions.flows`;
    customers new since ``since`` come from :data:`NEW`)."""
    before = groups_at(store, since, has_profit=has_profit).set_index("customer_id")
    after = groups_at(store, as_of, has_profit=has_profit).set_index("customer_id")
    return {dim: flows(before[dim], after[dim], NEW) for dim in DIMENSIONS}
