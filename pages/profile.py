"""Page: one customer's profile — every view's reading of the customer with its action, the order timeline,
the lifecycle stage month by month and the contact columns; opened by id, by ``?customer=ID`` or from any
customer list of the app."""

import streamlit as st

from ui import profile_view as view
from ui.session import bootstrap, user_errors

ctx = bootstrap()
st.title(ctx.t("prof_title"))
st.caption(ctx.t("prof_intro", as_of=ctx.as_of))
with user_errors(ctx.lang):
    table = view.report_table(ctx)
    customer = view.pick(ctx, table)
    profile = view.profile(ctx, table, customer) if customer else None
if profile is None:
    if not customer:
        st.info(ctx.t("prof_none"))
    st.stop()
view.headline(ctx, profile)
left, right = st.columns([3, 2], gap="large")
with left:
    view.standing(ctx, profile, view.churn_horizon(ctx))
with right:
    view.contacts(ctx, profile)
    view.stage_history(ctx, profile)
view.orders(ctx, profile)
