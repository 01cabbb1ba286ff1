"""Page: CLV — the textbook calculator (例3.1, retention, tornado, simple) and predicted CLV per customer."""

import streamlit as st

from ui import clv_view as view
from ui.session import bootstrap, user_errors

ctx = bootstrap()
st.title(ctx.t("clv_title"))
st.caption(ctx.t("clv_intro", as_of=ctx.as_of))
with st.expander(ctx.t("clv_how_title")):
    st.markdown(ctx.t("clv_how_body"))
textbook, predicted, holdout = st.tabs([ctx.t("clv_tab_textbook"), ctx.t("clv_tab_predicted"),
                                        ctx.t("clv_tab_holdout")])
with textbook:
    inputs = view.discounted_inputs(ctx)
    with user_errors(ctx.lang):
        view.discounted(ctx, inputs)
        view.tornado_chart(ctx, inputs)
    st.divider()
    with user_errors(ctx.lang):
        view.retention(ctx)
    st.divider()
    view.simple(ctx)
with predicted:
    horizon, rate = view.predicted_settings(ctx)
    with user_errors(ctx.lang):
        fitted, pred = view.fit_and_predict(ctx, horizon, rate)
    view.parameters(ctx, fitted)
    view.distribution(ctx, pred, horizon)
    view.top_customers(ctx, pred)
with holdout, user_errors(ctx.lang):
    view.holdout(ctx)
