"""Page: churn risk — horizon, out-of-time model check against two baselines, drivers, retention priority."""

import streamlit as st

from crm_core.churn import retention_priority
from ui import churn_view as view
from ui.session import bootstrap, user_errors
from ui.settings import carry_over

ctx = bootstrap()
st.title(ctx.t("ch_title"))
st.caption(ctx.t("ch_intro", as_of=ctx.as_of))
with st.expander(ctx.t("ch_how_title")):
    st.markdown(ctx.t("ch_how_body"))
with user_errors(ctx.lang):
    horizon = view.horizon_input(ctx)
    report = view.report(ctx, horizon)
view.timeline(ctx, report)
# lazy tabs: only the open one runs (the priority quadrants were half of every run); the closed tabs' choices kept
carry_over(*view.TAB_WIDGET_KEYS)
tabs = st.tabs([ctx.t("ch_tab_validation"), ctx.t("ch_tab_drivers"), ctx.t("ch_tab_priority")], key="ch_tabs",
               on_change="rerun")
if tabs[0].open:
    with tabs[0]:
        view.validation(ctx, report)
if tabs[1].open:
    with tabs[1]:
        view.drivers(ctx, report)
if tabs[2].open:
    with tabs[2]:
        value, value_label = view.value_basis(ctx)
        value_threshold, risk_threshold = view.thresholds(ctx, value)
        with user_errors(ctx.lang):
            priority = retention_priority(report.scores, value, value_threshold=value_threshold,
                                          risk_threshold=risk_threshold)
        view.quadrants(ctx, priority, value_label, report.horizon_days)
        view.contact_list(ctx, priority)
