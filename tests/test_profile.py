"""One customer's profile (sql/customer_order_list.sql): the command line's ``profile`` holds the same columns and values as that customer's
row of ``report``'s customers.csv plus the order list; the profile page (AppTest, both languages, sample and
CDNOW) shows those numbers, its totals equal plain pandas from the CSV; a customer not in the data or with
returns only gets a plain message."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from crm_core.ingest import open_file
from ui.session import load_bundled, load_opened_file

from .conftest import DATA, ROOT, write_csv
from .test_cli import run_cli

SAMPLE_ID, CDNOW_ID = "C000002", "1"


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "out"
    res = run_cli("report", "sample", "--out", out)
    assert res.returncode == 0, res.stderr
    return pd.read_csv(out / "customers.csv", dtype={"customer_id": str}).set_index("customer_id")


def _independent(csv, customer: str, columns=("customer_id", "order_time", "amount"), order="order_id") -> dict:
    """Plain pandas: the customer's orders, net revenue and order keys from the file."""
    df = pd.read_csv(csv, dtype={columns[0]: str})
    mine = df[df[columns[0]] == customer]
    key = mine[order] if order else pd.to_datetime(mine[columns[1]]).dt.date.astype(str)
    buys = mine[mine[columns[2]] >= 0]
    return {"orders": key[buys.index].nunique(), "net": mine[columns[2]].sum(), "keys": sorted(key.unique())}


def test_cli_profile_equals_the_report_row(sample_report):
    res = run_cli("profile", "sample", "--customer", SAMPLE_ID, "--json")
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    row = sample_report.loc[SAMPLE_ID]
    assert set(got["customer"]) == {"customer_id", *row.index} - {"customer_name", "city", "phone"} | {"customer_id"}
    for col, want in row.items():
        if col in got["customer"]:
            v = got["customer"][col]
            if isinstance(want, float) and not pd.isna(want):
                assert v == pytest.approx(want, rel=1e-9), col
            elif not pd.isna(want):
                assert str(v) == str(want), col
    want = _independent(DATA / "sample_orders.csv", SAMPLE_ID)
    assert [o["order_key"] for o in got["orders"]] == sorted(want["keys"], key=[o["order_key"] for o in
                                                                                got["orders"]].index)
    assert len(got["orders"]) == len(want["keys"]) and sum(o["net"] for o in got["orders"]) == pytest.approx(want["net"])
    assert got["customer"]["orders"] == want["orders"]
    assert got["contacts"]["customer_name"] == "邱然颖"


def test_cli_profile_of_an_unknown_customer_exits_2():
    res = run_cli("profile", "sample", "--customer", "NOBODY")
    assert res.returncode == 2
    assert "NOBODY" in res.stderr and "no profile" in res.stderr


def _page(**state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "profile.py"), default_timeout=180)
    query = state.pop("query", None)
    for k, v in state.items():
        at.session_state[k] = v
    if query:
        at.query_params["customer"] = query
    return at.run()


def _stand(at: AppTest) -> dict:
    table = next(t.value for t in at.table if t.value.shape[1] == 3)
    return dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_shows_the_report_row_of_a_sample_customer(sample_report, lang):
    at = _page(lang=lang, query=SAMPLE_ID)
    assert not at.exception, [e.value for e in at.exception]
    row = sample_report.loc[SAMPLE_ID]
    metrics = {m.label: m.value for m in at.metric}
    want = _independent(DATA / "sample_orders.csv", SAMPLE_ID)
    orders, net = ("Orders", "Net revenue [CNY]") if lang == "en" else ("订单数", "净销售额 [CNY]")
    assert metrics[orders] == f"{want['orders']:,}" == f"{int(row['orders']):,}"
    assert metrics[net] == f"¥{want['net']:,.2f}"
    stand = _stand(at)
    keys = ("P(alive) (BG/NBD)", "Predicted CLV, next 52 weeks [CNY]", "Loyalty score (0–1)") if lang == "en" else (
        "仍活跃概率 P(alive)（BG/NBD）", "未来 52 周预测 CLV [CNY]", "忠诚度得分（0–1）")
    assert stand[keys[0]] == f"{row['p_alive']:.1%}"
    assert stand[keys[1]] == f"¥{row['clv_pred']:,.2f}"
    assert stand[keys[2]] == f"{row['loyalty_score']:.3f}"
    churn = next(v for k, v in stand.items() if k.startswith(("Churn probability", "流失概率")))
    assert churn == f"{row['churn_prob']:.1%}"
    code = next(v for k, v in stand.items() if k.startswith(("RFM code", "RFM 代码")))
    assert code.startswith(f"{int(row['rfm_code'])} · ")
    assert at.query_params["customer"] == [SAMPLE_ID] or at.query_params["customer"] == SAMPLE_ID


def test_page_on_cdnow_matches_the_cli(tmp_path):
    out = tmp_path / "out"
    assert run_cli("report", "cdnow", "--out", out).returncode == 0
    row = pd.read_csv(out / "customers.csv", dtype={"customer_id": str}).set_index("customer_id").loc[CDNOW_ID]
    ds = load_bundled("cdnow")  # what the Data page's CDNOW choice loads
    at = _page(lang="en", dataset=ds, as_of=ds.report.default_as_of, query=CDNOW_ID)
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    want = _independent(DATA / "cdnow" / "cdnow_master.csv", CDNOW_ID, ("customer_id", "order_date", "amount"), None)
    assert metrics["Orders"] == f"{want['orders']:,}" == f"{int(row['orders']):,}"
    assert metrics["Net revenue [USD]"] == f"${want['net']:,.2f}"
    stand = _stand(at)
    assert stand["Predicted CLV, next 52 weeks [USD]"] == f"${row['clv_pred']:,.2f}"
    assert stand["P(alive) (BG/NBD)"] == f"{row['p_alive']:.1%}"


@pytest.fixture
def returns_dataset(tmp_path):
    text = "customer_id,order_date,amount\nA,2024-01-05,100\nA,2024-02-05,50\nR,2024-01-20,-30\n"
    return load_opened_file(open_file(write_csv(tmp_path / "returns.csv", text)), None)


@pytest.mark.parametrize("cid,msg", [("R", "only returns"), ("ZZ", "No customer ZZ")])
def test_a_customer_without_purchases_gets_a_plain_message(returns_dataset, cid, msg):
    at = _page(lang="en", dataset=returns_dataset, as_of=returns_dataset.report.default_as_of, query=cid)
    assert not at.exception, [e.value for e in at.exception]
    assert any(msg in i.value for i in at.info), [i.value for i in at.info]
    assert not at.metric


def test_stage_history_of_a_customer_who_started_late():
    # C004949 first bought in late 2024: the earlier months of the history say so instead of a stage
    at = _page(lang="zh", query="C004949")
    assert not at.exception, [e.value for e in at.exception]
    history = next(t.value for t in at.table if t.value.shape[1] == 2 and t.value.columns[0] == "日期")
    assert "尚未购买" in set(history.iloc[:, 1]) and history.iloc[-1, 1] != "尚未购买"


def test_stage_history_equals_the_stages_at_each_date_for_each_customer_picked():
    # the page reads one table of every customer's stage per date (built once); a second customer picked in the
    # same session must get its own stages, each equal to customer_stages run at that date, for that customer
    from crm_core.lifecycle import customer_stages
    from crm_core.lifecycle_over_time import month_starts
    from ui.i18n import t

    ds = load_bundled("sample")
    as_of = ds.report.default_as_of
    dates = [d for d in month_starts(ds.report.first_date, as_of) if d < as_of][-12:] + [as_of]
    at = _page(lang="en", query=SAMPLE_ID)
    for cid in (SAMPLE_ID, "C004949"):
        if cid != SAMPLE_ID:
            at.selectbox(key="prof_customer").set_value(cid).run()
        assert not at.exception, [e.value for e in at.exception]
        history = next(t.value for t in at.table if t.value.shape[1] == 2 and t.value.columns[0] == "Date")
        want = []
        for d in dates:
            st_ = customer_stages(ds.store, d).set_index("customer_id")["stage"]
            want.append(st_.get(cid))
        assert list(history.iloc[:, 0]) == [d.isoformat() for d in dates]
        assert list(history.iloc[:, 1]) == [t(f"lc_stage_{w}", "en") if w else t("prof_not_yet", "en")
                                             for w in want], cid
        assert any(w is None for w in want) == (cid == "C004949")  # the late starter has months before his first
