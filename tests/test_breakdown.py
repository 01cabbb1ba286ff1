"""Breakdown of customer groups by channel / product (sql/group_breakdown.sql) and the per-customer
contact columns (sql/customer_contacts.sql), on hand-made lines with hand-computed figures."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from crm_core.breakdown import group_breakdown
from crm_core.contacts import customer_contacts, with_contacts
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file

from .conftest import TODAY

# profit = amount - cost. D is in no group; C's order O5 and D's O6 fall after the as-of date (Feb 1).
# E has two lines at the same time: the later file row wins for the contact columns.
LINES = """order_id,customer_id,order_date,amount,cost,channel,category,name,phone
O1,A,2024-01-01,100,60,web,books,Ann,111
O1,A,2024-01-01,50,20,web,toys,Ann,
O2,A,2024-01-05,30,10,shop,books,,222
O3,B,2024-01-02,200,150,shop,books,Bob,333
O3,B,2024-01-03,-40,-30,shop,books,Bob,333
O4,C,2024-01-04,80,40,,toys,Cy,444
O5,C,2024-02-10,500,100,web,toys,Cyril,555
O6,D,2024-01-06,999,1,web,books,Dan,666
O7,E,2024-01-07 10:00,5,1,web,books,Eve,777
O7,E,2024-01-07 10:00,6,1,web,books,Eva,
"""
AS_OF = dt.date(2024, 2, 1)
GROUPS = pd.DataFrame({"customer_id": ["A", "B", "C", "E"], "grp": ["g1", "g1", "g2", "g2"]})


@pytest.fixture
def store(tmp_csv):
    store, report = ingest_file(tmp_csv(LINES), today=TODAY)
    assert report.mapping["product"] == "category" and report.passthrough_columns == ["name", "phone"]
    return store


def _rows(df: pd.DataFrame) -> dict:
    return {(r.grp, r.category if pd.notna(r.category) else None): (r.customers, r.orders, r.net_revenue, r.profit) for r in df.itertuples()}


def test_group_breakdown_by_channel(store):
    got = group_breakdown(store, GROUPS, dimension="channel", as_of=AS_OF)
    assert _rows(got) == {
        ("g1", "shop"): (2, 2, 30 + 200 - 40, 20 + 50 - 10),  # A's O2, B's O3 and its return
        ("g1", "web"): (1, 1, 100 + 50, 40 + 30),  # A's O1 (two lines, one order)
        ("g2", "web"): (1, 1, 5 + 6, 4 + 5),  # E's O7
        ("g2", None): (1, 1, 80, 40),  # C's O4 has no channel; O5 is after the as-of date
    }
    share = got.set_index(["grp", "category"])["revenue_share"]
    assert share[("g1", "shop")] == pytest.approx(190 / 340)
    assert share[("g2", "web")] == pytest.approx(11 / 91)


def test_group_breakdown_by_product_counts_an_order_in_each_of_its_categories(store):
    got = group_breakdown(store, GROUPS, dimension="product", as_of=AS_OF)
    assert _rows(got) == {
        ("g1", "books"): (2, 3, 100 + 30 + 200 - 40, 40 + 20 + 50 - 10),  # O1, O2, O3
        ("g1", "toys"): (1, 1, 50, 30),  # O1 again
        ("g2", "books"): (1, 1, 11, 9),
        ("g2", "toys"): (1, 1, 80, 40),
    }


def test_group_breakdown_later_as_of_and_bad_dimension(store):
    got = group_breakdown(store, GROUPS, dimension="channel", as_of=dt.date(2024, 3, 1))
    assert _rows(got)[("g2", "web")] == (2, 2, 11 + 500, 9 + 400)  # C's O5 now counts
    with pytest.raises(InvalidInputError, match="dimension"):
        group_breakdown(store, GROUPS, dimension="city", as_of=AS_OF)
    with pytest.raises(InvalidInputError, match="grp"):
        group_breakdown(store, GROUPS.rename(columns={"grp": "tier"}), dimension="channel", as_of=AS_OF)
    assert not store.has_table("customer_groups")  # registered for the call only


def test_customer_contacts_latest_non_empty_value(store):
    got = customer_contacts(store, AS_OF)
    assert list(got.columns) == ["customer_id", "name", "phone"]
    assert got.set_index("customer_id").to_dict("index") == {
        "A": {"name": "Ann", "phone": "222"},  # O2 (Jan 5) has no name: Ann from O1; its phone wins
        "B": {"name": "Bob", "phone": "333"},
        "C": {"name": "Cy", "phone": "444"},  # Cyril / 555 come after the as-of date
        "D": {"name": "Dan", "phone": "666"},
        "E": {"name": "Eva", "phone": "777"},  # same time: the later file row wins; its phone is empty
    }
    later = customer_contacts(store, dt.date(2024, 3, 1)).set_index("customer_id")
    assert (later.loc["C", "name"], later.loc["C", "phone"]) == ("Cyril", "555")


def test_customer_contacts_without_pass_through_columns(tmp_csv):  # sql/customer_ids.sql
    store, _ = ingest_file(tmp_csv("customer_id,order_date,amount\nX,2024-01-02,1\nW,2024-01-01,2\n"), today=TODAY)
    got = customer_contacts(store, AS_OF)
    assert list(got.columns) == ["customer_id"] and list(got["customer_id"]) == ["W", "X"]


def test_with_contacts_keeps_rows_and_renames_clashes():
    customers = pd.DataFrame({"customer_id": ["B", "A", "Z"], "orders": [1, 2, 3]}, index=[10, 11, 12])
    contacts = pd.DataFrame({"customer_id": ["A", "B"], "orders": ["x", "y"], "phone": ["1", "2"]})
    got = with_contacts(customers, contacts)
    assert list(got.index) == [10, 11, 12]
    assert list(got.columns) == ["customer_id", "orders", "orders_file", "phone"]
    assert list(got["phone"].fillna("-")) == ["2", "1", "-"]

