"""Page: CLV — the textbook calculator (例3.1, retention, sensitivities, simple) and predicted CLV per customer.

The calculator is a fragment (its widgets rerun it alone). The tabs are lazy: only the open one runs, so the
page opens on the calculator without fitting anything (issue #14: the fit and the holdout check's second fit
were most of the first open); a fit that fails leaves a message on its tab and the rest of the page working.
"""

import streamlit as st

from ui import clv_predicted_view as predicted_view
from ui import clv_textbook_view as textbook_view
from ui.session import bootstrap
from ui.settings import carry_over

ctx = bootstrap()
st.title(ctx.t("clv_title"))
st.caption(ctx.t("clv_intro", as_of=ctx.as_of))
with st.expander(ctx.t("clv_how_title")):
    st.markdown(ctx.t("clv_how_body"))
# the calculator's inputs and the holdout's calibration date are kept while their tab is closed (the predicted
# tab's unit, horizon and rate are report settings, kept by ui.settings.keep)
carry_over(predicted_view.HOLDOUT_KEY, keys=textbook_view.WIDGET_KEYS)
tabs = st.tabs([ctx.t("clv_tab_textbook"), ctx.t("clv_tab_predicted"), ctx.t("clv_tab_holdout")], key="clv_tabs",
               on_change="rerun")
if tabs[0].open:
    with tabs[0]:
        textbook_view.calculator(ctx)
if tabs[1].open:
    with tabs[1]:
        predicted_view.predicted(ctx)
if tabs[2].open:
    with tabs[2]:
        predicted_view.holdout(ctx)
