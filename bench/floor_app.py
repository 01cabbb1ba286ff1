"""The floor of a page's cost (bench_workshop.py): one title, one plotly chart and one table, nothing computed."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
x = np.arange(100)
st.plotly_chart(go.Figure(go.Bar(x=x, y=np.sqrt(x))), key="floor_chart")
st.dataframe(pd.DataFrame({"a": x, "b": x * 2.5}), key="floor_table")
