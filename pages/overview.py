"""Page: overview — the workshop guide, the key figures of the last period against the one before (each
linked to its page), what changed in the pyramid, RFM and lifecycle, and customer equity and value at risk."""

import streamlit as st

from ui import overview_view as view
from ui.session import bootstrap, dataset_title, user_errors

ctx = bootstrap()
st.title(ctx.t("ov_title"))
with user_errors(ctx.lang):
    period = view.period_control(ctx)
    st.caption(ctx.t("ov_intro", name=dataset_title(ctx.ds, ctx.lang), as_of=ctx.as_of,
                     period=ctx.t(f"ov_period_word_{period}")))
    view.handout_button(ctx)
    view.guide(ctx)
    bounds = view.windows(ctx, period)
    view.caption(ctx, period, bounds)
    free_cells = view.kpi_cards(ctx, period)
    view.model_cards(ctx, period, bounds, free_cells)
    view.changes(ctx, bounds)
