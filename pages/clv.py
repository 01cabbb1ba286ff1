"""Page: CLV — the textbook calculator (例3.1, retention, sensitivities, simple) and predicted CLV per customer.

The calculator is a fragment (its widgets rerun it alone) and is drawn before the models are fitted; a
fit that fails leaves a message on its tab and the rest of the page working.
"""

import streamlit as st

from ui import clv_predicted_view as predicted_view
from ui import clv_textbook_view as textbook_view
from ui.session import bootstrap

ctx = bootstrap()
st.title(ctx.t("clv_title"))
st.caption(ctx.t("clv_intro", as_of=ctx.as_of))
with st.expander(ctx.t("clv_how_title")):
    st.markdown(ctx.t("clv_how_body"))
textbook, predicted, holdout = st.tabs([ctx.t("clv_tab_textbook"), ctx.t("clv_tab_predicted"),
                                        ctx.t("clv_tab_holdout")])
with textbook:
    textbook_view.calculator(ctx)
with predicted:
    predicted_view.predicted(ctx)
with holdout:
    predicted_view.holdout(ctx)
