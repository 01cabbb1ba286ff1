"""The loyalty page's promotion-dependence and share-of-wallet sections (issue #12, section 1): the course's
激励忠诚 / 利益忠诚 read from a mapped discount column (or a note naming the column that would show it), and share
of wallet (占有率) against the user's estimate of a customer's total category spend per year.

Every computation is a ``crm_core.loyalty.promotion`` / ``crm_core.loyalty.wallet`` call cached per dataset
load (``ctx.ds.key``), as-of date and setting, with the store as an unhashed argument.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from crm_core.contacts import with_contacts
from crm_core.errors import InvalidInputError
from crm_core.loyalty import promotion, wallet
from crm_core.store import Store

from .cache import shared_result
from .charts import localise
from .customer_lists import show_list
from .format import money
from .session import Ctx, contacts

PLOTLY_CONFIG = {"displaylogo": False}
THRESHOLD_MIN, THRESHOLD_MAX, THRESHOLD_STEP = 5, 95, 5  # [%] the promotion-driven threshold's slider
ESTIMATE_MIN, ESTIMATE_MAX = 1.0, 1e9  # [currency per year] the one-number estimate's input
LIST_ROWS = 200


@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _promotion(ds_key: str, _store: Store, as_of: dt.date, driven_share: float) -> pd.DataFrame | None:
    return promotion.customer_promotion(_store, as_of, driven_share)


@shared_result(max_entries=32, ttl=3600, show_spinner=False)
def _wallet(ds_key: str, _store: Store, as_of: dt.date, estimate: float | None, column: str | None,
            decimal: str) -> pd.DataFrame:
    return wallet.share_of_wallet(_store, as_of, estimate=estimate, column=column, decimal=decimal)


def _pct(x: float) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.1%}"


def _histogram(ctx: Ctx, values: pd.Series, *, title: str, x_title: str, key: str, end: float = 1.0) -> None:
    fig = go.Figure(go.Histogram(x=values, xbins={"start": 0, "end": end + 1e-9, "size": 0.1},
                                 marker_color="#4C78A8",
                                 hovertemplate=f"%{{x}}<br>{ctx.t('lop_hist_y')}: %{{y:,}}<extra></extra>"))
    fig.update_layout(title={"text": title}, height=340, margin={"l": 10, "r": 10, "t": 40, "b": 10}, bargap=0.05)
    fig.update_xaxes(title_text=x_title, tickformat=".0%")
    fig.update_yaxes(title_text=ctx.t("lop_hist_y"))
    st.plotly_chart(localise(fig, ctx.lang), key=key, config=PLOTLY_CONFIG)


def promotion_section(ctx: Ctx) -> None:
    """Metrics, the distribution of promo_share and the promotion-driven list; or which column would show it."""
    st.subheader(ctx.t("lop_sec_promo"))
    st.caption(ctx.t("lop_promo_caption", as_of=ctx.as_of))
    if not promotion.has_discount(ctx.ds.store):
        st.info(ctx.t("lop_no_discount"))
        return
    pct = st.slider(ctx.t("lop_threshold"), THRESHOLD_MIN, THRESHOLD_MAX, int(promotion.PROMO_DRIVEN_SHARE * 100),
                    THRESHOLD_STEP, help=ctx.t("lop_threshold_help"), key="lop_threshold")
    promo = _promotion(ctx.ds.key, ctx.ds.store, ctx.as_of, pct / 100)
    s = promotion.promotion_summary(promo)
    cur = ctx.ds.report.currency
    cols = st.columns(3)
    cols[0].metric(ctx.t("lop_m_driven"), f"{s['promotion_driven']:,} ({_pct(s['promotion_driven_share'])})",
                   help=ctx.t("lop_m_driven_help", driven=s["promotion_driven"], customers=s["customers"], pct=pct))
    cols[1].metric(ctx.t("lop_m_orders"), _pct(s["discounted_order_share"]),
                   help=ctx.t("lop_m_orders_help", discounted=s["discounted_orders"], orders=s["orders"]))
    cols[2].metric(ctx.t("lop_m_discount"), _pct(s["discount_share"]),
                   help=ctx.t("lop_m_discount_help", discount=money(s["discount_total"], cur),
                              list_value=money(s["revenue"] + s["discount_total"], cur)))
    if promo.empty:
        return
    _histogram(ctx, promo["promo_share"], title=ctx.t("lop_hist_title"), x_title=ctx.t("lop_hist_x"),
               key="lop_promo_hist")
    st.markdown(f"**{ctx.t('lop_list_title')}**")
    driven = promo[promo["promotion_driven"]]
    if driven.empty:
        st.info(ctx.t("lop_list_none", pct=pct))
        return
    # net_revenue (not revenue): a money column of the lists, so it is shown with thousands separators
    shown = pd.DataFrame({"customer_id": driven["customer_id"], "orders": driven["orders"],
                          "discounted_orders": driven["discounted_orders"],
                          "promo_share_pct": driven["promo_share"] * 100, "net_revenue": driven["revenue"],
                          "discount_total": driven["discount_total"],
                          "discount_share_pct": driven["discount_share"] * 100})
    shown = with_contacts(shown.reset_index(drop=True), contacts(ctx))
    show_list(ctx, shown, basename=f"promotion_driven_{ctx.as_of}", sheet=ctx.t("lop_list_sheet"), key="lop_driven",
              rows=LIST_ROWS, sort_by="promo_share_pct")


def wallet_section(ctx: Ctx) -> None:
    """The caveat, the estimate (one number or a column), the distribution, the >100 % flag and the list."""
    st.subheader(ctx.t("lop_sec_wallet"))
    st.info(ctx.t("lop_wallet_caveat", as_of=ctx.as_of))
    cur = ctx.ds.report.currency
    candidates = wallet.estimate_columns(ctx.ds.store)
    source = st.radio(ctx.t("lop_wallet_source"), ["number", "column"],
                      format_func=lambda s: ctx.t(f"lop_wallet_source_{s}"), horizontal=True, key="lop_wallet_source")
    estimate = column = None
    if source == "number":
        estimate = st.number_input(ctx.t("lop_wallet_estimate", cur=f" [{cur}]" if cur else ""), min_value=ESTIMATE_MIN,
                                   max_value=ESTIMATE_MAX, value=None, step=100.0, key="lop_wallet_estimate")
        if estimate is None:
            st.info(ctx.t("lop_wallet_ask"))
            return
    else:
        if not candidates:
            st.info(ctx.t("lop_wallet_no_columns"))
            return
        column = st.selectbox(ctx.t("lop_wallet_column"), candidates, help=ctx.t("lop_wallet_column_help"),
                              key="lop_wallet_column")
    report = ctx.ds.report
    decimal = report.decimal_separator.get(report.mapping.get("amount") or "", ".")
    try:
        sow = _wallet(ctx.ds.key, ctx.ds.store, ctx.as_of, estimate, column, decimal)
    except InvalidInputError as err:  # an unreadable value in the chosen column: named, the page goes on
        st.error(ctx.t("param_error", msg=err.user_message(ctx.lang)))
        return
    if sow.empty:
        st.info(ctx.t("lop_wallet_empty", as_of=ctx.as_of))
        return
    s = wallet.wallet_summary(sow)
    cols = st.columns(3)
    cols[0].metric(ctx.t("lop_m_wallet_median"), _pct(s["median_share"]),
                   help=ctx.t("lop_m_wallet_median_help", rated=s["rated"]))
    cols[1].metric(ctx.t("lop_m_wallet_over"), f"{s['over_estimate']:,}", help=ctx.t("lop_m_wallet_over_help"))
    cols[2].metric(ctx.t("lop_m_wallet_unrated"), f"{s['customers'] - s['rated']:,}")
    if s["over_estimate"]:
        st.warning(ctx.t("lop_wallet_over_warning", n=s["over_estimate"]))
    rated = sow["share_of_wallet"].dropna()
    if len(rated):
        _histogram(ctx, rated, title=ctx.t("lop_wallet_hist_title"), x_title=ctx.t("lop_wallet_hist_x"),
                   key="lop_wallet_hist", end=max(1.0, math.ceil(float(rated.max()) * 10) / 10))
    st.markdown(f"**{ctx.t('lop_wallet_list_title')}**")
    shown = pd.DataFrame({"customer_id": sow["customer_id"], "yearly_orders": sow["yearly_orders"],
                          "yearly_spend": sow["yearly_spend"],
                          "category_spend_estimate": sow["category_spend_estimate"],
                          "share_of_wallet_pct": sow["share_of_wallet"] * 100, "over_estimate": sow["over_estimate"]})
    shown = with_contacts(shown, contacts(ctx))
    show_list(ctx, shown, basename=f"share_of_wallet_{ctx.as_of}", sheet=ctx.t("lop_wallet_sheet"), key="lop_wallet",
              rows=LIST_ROWS, sort_by="share_of_wallet_pct")
