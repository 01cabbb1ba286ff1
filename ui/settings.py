"""The settings a user has set on the pages, remembered for the session (issue #13 §3: the handout "as the user has
set them").

Streamlit drops a widget's state when its page is left, so a pyramid cut point set on the pyramid page is gone by
the time the user downloads the report from the overview, and the slider is back at its default on return. Each
setting that the report carries is therefore created with ``value=kept(key, default)`` and its value stored with
``keep(key, value)`` as the page runs: the widget shows the user's choice again when they come back, and
:func:`report_settings` turns the remembered values into the :class:`~crm_core.customer_report.ReportSettings` of
the handout and the customer profile. Keys are the widgets' own keys (one name per setting); a new dataset starts
from the defaults again (:func:`forget`).
"""

from __future__ import annotations

import streamlit as st

from crm_core.clv.customer_value import DEFAULT_HORIZON_WEEKS, PERIODS_PER_YEAR, default_rate
from crm_core.customer_report import ReportSettings
from crm_core.errors import InvalidInputError
from crm_core.overview import DEFAULT_PERIOD as DEFAULT_KPI_PERIOD
from crm_core.pyramid import check_cuts

STATE_KEY = "kept_settings"
CLV_DEFAULT_UNIT = "week"


def kept(key: str, default):
    """The value the user last gave the widget ``key`` in this session, else ``default``."""
    return st.session_state.get(STATE_KEY, {}).get(key, default)


def keep(key: str, value):
    """Remember ``value`` as the widget ``key``'s; returns it (``x = keep(k, widget(...))``)."""
    st.session_state.setdefault(STATE_KEY, {})[key] = value
    return value


def carry_over(*prefixes: str, keys: tuple[str, ...] = ()) -> None:
    """Keep the values of the widgets whose keys start with one of ``prefixes`` through a run that does not draw
    them (a lazy tab that is closed): Streamlit drops the state of a widget that a run does not draw, so the
    movers' segments picked on the RFM page's Movement tab were back at their defaults after a look at another
    tab. Writing each value back at the start of the run keeps it (Streamlit's documented way of interrupting the
    widget clean-up, "Widget behavior"). Only value widgets (select, radio, multiselect, date, number); call it
    before any of them is drawn in the run. ``keys``: widget keys kept exactly (where a key is the prefix of
    another's that must not be carried)."""
    for k in [k for k in st.session_state if isinstance(k, str) and (k.startswith(prefixes) or k in keys)]:
        st.session_state[k] = st.session_state[k]


def forget() -> None:
    """Back to every default (a new dataset is loaded)."""
    st.session_state.pop(STATE_KEY, None)


def kpi_period() -> str:
    """The overview's comparison period (month, quarter or year)."""
    return kept("ov_period", None) or DEFAULT_KPI_PERIOD


def clv_keys(unit: str) -> tuple[str, str]:
    """The CLV page's horizon and rate widget keys for ``unit`` (each unit keeps its own; the week's unsuffixed)."""
    suffix = "" if unit == CLV_DEFAULT_UNIT else f"_{unit}"
    return f"clv_horizon{suffix}", f"clv_rate{suffix}"


def clv_default_horizon(unit: str) -> int:
    """The CLV page's default horizon [periods of ``unit``]: 52 weeks, else one year."""
    return DEFAULT_HORIZON_WEEKS if unit == "week" else PERIODS_PER_YEAR[unit]


def clv_in_use() -> tuple[str, int, float, bool]:
    """The CLV page's (time unit, horizon [periods of the unit], discount rate per period [fraction]) as the user
    left them this session, else the page's defaults (52 weeks, 10 % a year); and whether the user set any.
    Every view that shows predicted CLV (pyramid by CLV, overview, loyalty equity, handout) uses these."""
    unit = kept("clv_unit", None) or CLV_DEFAULT_UNIT
    if unit not in PERIODS_PER_YEAR:
        unit = CLV_DEFAULT_UNIT
    h_key, r_key = clv_keys(unit)
    state = st.session_state.get(STATE_KEY, {})
    from_page = any(k in state for k in ("clv_unit", h_key, r_key))
    rate_pct = kept(r_key, None)
    rate = default_rate(PERIODS_PER_YEAR[unit]) if rate_pct is None else round(rate_pct / 100, 8)
    return unit, int(kept(h_key, clv_default_horizon(unit))), rate, from_page


def _pyramid_cuts(defaults: ReportSettings) -> tuple[float, float, float]:
    sizes = [kept(k, None) for k in ("pyr_vip", "pyr_major", "pyr_ordinary")]
    if None in sizes:
        return defaults.pyramid_cuts
    vip, major, ordinary = sizes
    total = round(vip + major + ordinary, 6)  # as the pyramid page rounds it (ui.pyramid_view.cut_points)
    cuts = round(vip / 100, 8), round((vip + major) / 100, 8), round(total / 100, 8)
    try:
        return check_cuts(cuts)
    except InvalidInputError:  # the page refuses such a split and stops: the report keeps the defaults
        return defaults.pyramid_cuts


def report_settings(ds_key: str, as_of) -> ReportSettings:
    """The report's settings as this session's user has set them on the pages (the defaults where untouched)."""
    d = ReportSettings()
    unit, horizon, rate, _ = clv_in_use()
    untouched = kept(clv_keys(unit)[1], None) is None  # None: the same default rate, and one cache key for it
    return ReportSettings(
        time_unit=unit,
        horizon=horizon,
        discount_rate=None if untouched else rate,
        rfm_monetary=kept("rfm_monetary", d.rfm_monetary),
        churn_horizon=kept(f"ch_horizon_{ds_key}_{as_of}", None),
        retention_period=kept("loy_period", d.retention_period),
        second_purchase_days=int(kept("loy_window", d.second_purchase_days)),
        value_metric=kept(f"pyr_metric_{ds_key}", None),
        pyramid_cuts=_pyramid_cuts(d),
    )
