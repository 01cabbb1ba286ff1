"""Page: customer lifecycle — stages from each customer's purchase rhythm, stage counts month by month,
movement between two dates, cohort retention, retention levers and customer lists by stage."""

import streamlit as st

from ui import lifecycle_view as view
from ui.session import bootstrap, user_errors

ctx = bootstrap()
st.title(ctx.t("lc_title"))
st.caption(ctx.t("lc_intro", as_of=ctx.as_of))
how = view.how_it_works(ctx)
with user_errors(ctx.lang):
    settings = view.controls(ctx)
    stages = view.stages_at(ctx, settings)
view.rule_check(ctx, settings, how)  # in the explanation, with the chosen thresholds
view.overview(ctx, stages)
# lazy tabs: only the open one runs (month-by-month counts take ~50 s at 1M customers the first time)
tabs = st.tabs([ctx.t("lc_tab_stages"), ctx.t("lc_tab_monthly"), ctx.t("lc_tab_movement"), ctx.t("lc_tab_cohorts"),
                ctx.t("lc_tab_export")], key="lc_tabs", on_change="rerun")
if tabs[0].open:
    with tabs[0]:
        view.distribution(ctx, settings, stages)
if tabs[1].open:
    with tabs[1], user_errors(ctx.lang):
        view.monthly(ctx, settings)
if tabs[2].open:
    with tabs[2], user_errors(ctx.lang):
        view.movement(ctx, settings, stages)
if tabs[3].open:
    with tabs[3], user_errors(ctx.lang):
        view.cohorts(ctx)
if tabs[4].open:
    with tabs[4]:
        view.customer_list(ctx, stages)
