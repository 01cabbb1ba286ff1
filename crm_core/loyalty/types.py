"""The seven loyalty types of the course (客户忠诚的类型, issue #12 §3) as data: what each is, what data would
reveal it, and which of them an order file with the given columns can show.

This module owns the teaching table only; the behavioural measures are :mod:`.measures`'. Orders show repeat
patronage, not attitude (Dick & Basu 1994): types defined by attitude or by the market need other data.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

# How far an order file can show a type: "yes" (its columns show it), "hint" (a behavioural trace that fits
# the type but cannot tell it from others), "no" (needs data an order file does not have).
VISIBILITY = ("yes", "hint", "no")


@dataclasses.dataclass(frozen=True)
class LoyaltyType:
    """One loyalty type: ``id``; ``shown_by`` — roles of the file that show it (all needed; ``()`` = none can);
    ``hinted_by`` — roles whose presence gives a behavioural hint only. Texts live in the interface's label
    table (``loe_type_<id>_what`` / ``_data``)."""

    id: str
    shown_by: tuple[str, ...] = ()
    hinted_by: tuple[str, ...] = ()


# The course's seven types (客户忠诚的类型: 垄断忠诚, 惰性忠诚, 潜在忠诚, 方便/利益忠诚, 激励忠诚, 品牌忠诚,
# 超值忠诚), in the course's order; the roles are our reading of what an order file can reveal of each.
LOYALTY_TYPES: tuple[LoyaltyType, ...] = (
    LoyaltyType("monopoly"),  # no choice: needs market data (competitors, switching options)
    LoyaltyType("inertia", hinted_by=("customer_id", "order_ts")),  # regular repeat buying, attitude unknown
    LoyaltyType("latent"),  # wants to buy, something stops it: needs attitude / intent surveys
    LoyaltyType("benefit", hinted_by=("discount",)),  # buys for the price: price / discount sensitivity
    LoyaltyType("incentive", shown_by=("discount",)),  # promotion-driven: orders with vs without a discount
    LoyaltyType("brand"),  # preference for the brand: attitude surveys
    LoyaltyType("super_value"),  # emotional bond, advocacy: surveys, referral data
)
TYPE_IDS: tuple[str, ...] = tuple(t.id for t in LOYALTY_TYPES)


def observable_types(roles_present) -> pd.DataFrame:
    """Which of the seven types a file with these columns can show.

    Parameters
    ----------
    roles_present : iterable of str
        The canonical roles the file maps (``customer_id``, ``order_ts``, ``amount``, ``discount`` …; e.g. the
        keys of an ingest report's mapping with a column).

    Returns
    -------
    DataFrame, one row per type in the course's order: ``type`` (id), ``visibility`` (``"yes"`` when every
    role of ``shown_by`` is present, else ``"hint"`` when every role of ``hinted_by`` is, else ``"no"``),
    ``missing`` (the roles that would show it, absent here; empty tuple when none would).
    """
    present = set(roles_present)
    rows = []
    for t in LOYALTY_TYPES:
        if t.shown_by and set(t.shown_by) <= present:
            vis = "yes"
        elif t.hinted_by and set(t.hinted_by) <= present:
            vis = "hint"
        else:
            vis = "no"
        rows.append({"type": t.id, "visibility": vis,
                     "missing": tuple(r for r in (t.shown_by or t.hinted_by) if r not in present)})
    return pd.DataFrame(rows)
