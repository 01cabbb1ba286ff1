"""The loyalty page's computations (issue #12) at 100,000 and 1,000,000 customers.

    python bench/bench_loyalty.py                  # 1M lines (100k customers) and 10M lines (1M customers)
    python bench/bench_loyalty.py --lines 1e6      # one size only

Each size runs in a fresh child process (bench/_harness.py): the order file (bench/out/orders_<N>.csv, made by
make_orders.py if missing) is ingested first, untimed; then, timed in that process, each after the other, the
crm_core calls pages/loyalty.py and ui/loyalty_*view.py make per dataset and as-of date (the report's default
as-of date; the page's default settings):

  scan        baseline: a bare DuckDB scan, SELECT count(*), sum(amount) FROM transactions
  summary     baseline: crm_core.customers.customer_summary — the per-customer query every view starts from;
              every other row is shown as a ratio to it (same process, same data)
  retention_q crm_core.loyalty.retention_by_period(period="quarter") (the page's default period)
  retention_m the same by month
  sequence    crm_core.loyalty.order_sequence (repeat purchase rate, second purchase, first vs repeat value)
  repeat_rev  crm_core.loyalty.repeat_revenue_by_period (quarter)
  behaviour   crm_core.loyalty.behaviour.customer_behaviour (relationship length, regularity)
  profile     crm_core.value.customer_value of the summary (the page's default metric) +
              crm_core.loyalty.profile.loyalty_profile (score + quadrants + ladder)
  ladder_time crm_core.loyalty.ladder.ladder_over_time at snapshot_dates(first day, as_of, "quarter")
  tiers       the pyramid tier per customer (crm_core.pyramid.assign_tiers, as the equity tab builds it)
  grp_ret_all crm_core.loyalty.retention_value.group_retention_inputs, whole base (quarter, net revenue)
  grp_ret_tier  the same by pyramid tier
  cust_table  crm_core.customers.customer_table (week): the input of the BG/NBD fit
  fit_btyd    crm_core.clv.customer_value.fit_btyd (BG/NBD + Gamma-Gamma)
  active_time crm_core.clv.lifetime.expected_active_time on the fitted BG/NBD, horizon 52 weeks. On
              make_orders.py's files (customers buy at random, no dropout) the BG/NBD fit stops on a flat ridge
              and raises, and the page shows the reason instead of the equity figures; the row is then timed on
              the parameters where the fit stopped (FitFailedError.params)
  active_cdnow  the same on the same customers with CDNOW's published BG/NBD parameters (a converged fit)
  pandas_ret  baseline: the quarterly retention of retention_by_period in plain pandas (drop_duplicates +
              merge + groupby) on customer_id, order_ts, amount read from the transactions table once,
              untimed; checked against retention_q's counts

make_orders.py's files have no discount column, so customer_promotion and share_of_wallet are timed on its
--discount file (bench/out/orders_<N>_discount.csv: the same seven columns byte for byte plus
discount_amount), ingested in the same child, untimed, after the first store is closed; customer_summary is
timed again there as those two rows' baseline (after the same bare scan):

  scan_d      the bare DuckDB scan on the discount file
  summary_d   crm_core.customers.customer_summary on the discount file
  promotion   crm_core.loyalty.promotion.customer_promotion
  wallet      crm_core.loyalty.wallet.share_of_wallet(estimate=10,000 a year, one number for everyone)

After each row: the process's resident set now and its peak so far (VmRSS / VmHWM), so "peak" is the highest
memory any step reached, the ingest included (the ingest peak is printed first); the second ingest raises
the peak of the rows after it only. No figure is asserted anywhere; results go to bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import sys

from _harness import HERE, Stages, emit, machine_facts, print_machine, run_child

WALLET_ESTIMATE = 10_000.0  # [currency per year] the share-of-wallet denominator, one number for everyone
HORIZON_WEEKS = 52  # the equity tab's default (crm_core.clv.customer_value.DEFAULT_HORIZON_WEEKS)
BGNBD_PARAMS = ("r", "alpha", "a", "b")
# BG/NBD on CDNOW, per week (Fader, Hardie & Lee 2005): a converged fit's parameters, for active_cdnow
CDNOW_PARAMS = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}

STEPS = ("scan", "summary", "retention_q", "retention_m", "sequence", "repeat_rev", "behaviour", "profile",
         "ladder_time", "tiers", "grp_ret_all", "grp_ret_tier", "cust_table", "fit_btyd", "active_time",
         "active_cdnow", "pandas_ret")
DISCOUNT_STEPS = ("scan_d", "summary_d", "promotion", "wallet")


def pandas_retention(df, as_of, months: int = 3):
    """retention_by_period.sql in plain pandas: per period t, buyers of t − 1 and how many of them bought in t."""
    import pandas as pd

    buy = df[(df["order_ts"] < pd.Timestamp(as_of)) & (df["amount"] >= 0)]
    ts = buy["order_ts"].dt
    periods = pd.DataFrame({"customer_id": buy["customer_id"].to_numpy(),
                            "period_index": ((ts.year * 12 + ts.month - 1) // months).to_numpy()}).drop_duplicates()
    nxt = periods.assign(period_index=periods["period_index"] - 1, retained=1)  # bought in t, keyed at t − 1
    both = periods.merge(nxt, on=["customer_id", "period_index"], how="left")
    return (both.groupby(both["period_index"] + 1)
            .agg(active_before=("customer_id", "size"), retained=("retained", "count"))
            .rename_axis("period_index").reset_index())


def work(path: str, discount_path: str | None) -> dict:
    import pandas as pd

    from crm_core import loyalty, pyramid
    from crm_core.clv._mle import FitFailedError
    from crm_core.clv.customer_value import fit_btyd
    from crm_core.clv.lifetime import expected_active_time
    from crm_core.customers import customer_summary, customer_table
    from crm_core.ingest import ingest_file
    from crm_core.loyalty import promotion, retention_value, wallet
    from crm_core.loyalty.behaviour import customer_behaviour
    from crm_core.loyalty.ladder import ladder_over_time, snapshot_dates
    from crm_core.loyalty.profile import loyalty_profile
    from crm_core.value import available_metrics, customer_value

    facts: dict = {}
    st = Stages()
    store, report = ingest_file(path)
    as_of = report.default_as_of
    st.con = store.con
    st.mark("ingest (untimed)")
    facts["scan"] = store.con.execute("SELECT count(*), sum(amount) FROM transactions").fetchall()[0][0]
    st.mark("scan")
    summary = customer_summary(store, as_of)
    st.mark("summary")
    ret_q = loyalty.retention_by_period(store, as_of, "quarter")
    st.mark("retention_q")
    ret_m = loyalty.retention_by_period(store, as_of, "month")
    st.mark("retention_m")
    seq = loyalty.order_sequence(store, as_of)
    st.mark("sequence")
    rep = loyalty.repeat_revenue_by_period(store, as_of, "quarter")
    st.mark("repeat_rev")
    beh = customer_behaviour(store, as_of)
    st.mark("behaviour")
    metric = available_metrics(summary, has_profit=report.has_profit)[0]
    value = customer_value(summary, metric).set_axis(summary["customer_id"])
    prof = loyalty_profile(beh, value)
    st.mark("profile")
    dates = snapshot_dates(report.first_date, as_of, "quarter")
    over_time = ladder_over_time(store, dates)
    st.mark("ladder_time")
    tiers = pd.Series(pyramid.assign_tiers(summary["customer_id"], customer_value(summary, metric)).to_numpy(),
                      index=summary["customer_id"].to_numpy())
    st.mark("tiers")
    grp_all = retention_value.group_retention_inputs(store, as_of, "quarter", None)
    st.mark("grp_ret_all")
    grp_tier = retention_value.group_retention_inputs(store, as_of, "quarter", tiers)
    st.mark("grp_ret_tier")
    ct = customer_table(store, as_of, time_unit="week")
    st.mark("cust_table")
    params = None
    try:
        fitted = fit_btyd(ct, time_unit="week")
        params = {k: float(fitted.purchases.params_[k]) for k in BGNBD_PARAMS}
        facts["bgnbd"] = {k: round(v, 4) for k, v in params.items()}
    except FitFailedError as err:  # e.g. a flat likelihood: the equity tab shows the reason and goes on
        facts["fit_error"] = str(err)[:300]
        if "BG/NBD" in str(err):  # the iterate the BG/NBD fit stopped at: what active_time is timed on
            params = dict(zip(BGNBD_PARAMS, map(float, err.params), strict=True))
    st.mark("fit_btyd")
    if params is not None:
        active = expected_active_time(*params.values(), ct["frequency"], ct["recency"], ct["T"],
                                      horizon=HORIZON_WEEKS)
        facts["active_weeks_mean"] = round(float(active.mean()), 2)
    st.mark("active_time")
    active = expected_active_time(*CDNOW_PARAMS.values(), ct["frequency"], ct["recency"], ct["T"],
                                  horizon=HORIZON_WEEKS)
    st.mark("active_cdnow")
    facts["active_weeks_mean_cdnow"] = round(float(active.mean()), 2)
    df = store.con.execute("SELECT customer_id, order_ts, amount FROM transactions").df()
    st.mark("pandas read (untimed)")
    pd_ret = pandas_retention(df, as_of)
    st.mark("pandas_ret")
    check = ret_q.merge(pd_ret, on="period_index", how="left", suffixes=("", "_pd"))
    facts["pandas_matches"] = bool((check["active_before"] == check["active_before_pd"]).all()
                                   and (check["retained"] == check["retained_pd"]).all())
    facts.update(
        customers=len(summary), lines=report.rows_kept, as_of=as_of.isoformat(), metric=metric,
        quarters=len(ret_q), months=len(ret_m), snapshot_dates=len(dates),
        latest_retention_q=round(float(ret_q["rate"].iloc[-1]), 4) if len(ret_q) else None,
        repeat_purchase_rate=round(loyalty.repeat_purchase_rate(seq), 4), repeat_rev_periods=len(rep),
        quadrants=prof["loyalty_quadrant"].value_counts().to_dict(),
        ladder=prof["ladder_rung"].value_counts().to_dict(), ladder_rows=len(over_time),
        groups_tier=grp_tier[["group", "customers", "retention"]].round(4).to_dict(orient="records"),
        retention_all=round(float(grp_all["retention"].iloc[0]), 4))
    del df, summary, seq, beh, prof, ct, value, tiers
    store.close()

    if discount_path:
        store, report = ingest_file(discount_path)
        as_of = report.default_as_of
        st.con = store.con
        st.mark("ingest discount file (untimed)")
        store.con.execute("SELECT count(*), sum(amount) FROM transactions").fetchall()
        st.mark("scan_d")
        customer_summary(store, as_of)
        st.mark("summary_d")
        promo = promotion.customer_promotion(store, as_of)
        st.mark("promotion")
        sow = wallet.share_of_wallet(store, as_of, estimate=WALLET_ESTIMATE)
        st.mark("wallet")
        facts["discount_mapped"] = report.mapping.get("discount") if isinstance(report.mapping, dict) else None
        if promo is not None:
            s = promotion.promotion_summary(promo)
            facts["promotion"] = {k: round(s[k], 4) for k in ("customers", "promotion_driven_share",
                                                              "discounted_order_share", "discount_share")}
        facts["wallet"] = {k: round(v, 4) for k, v in wallet.wallet_summary(sow).items()}
        store.close()
    facts["rows"] = st.rows
    return facts


def show(name: str, row: dict, base_s: float) -> None:
    print(f"{name:<14}{row['s']:>9.3f}{row['s'] / base_s:>10.1f}x{row['rss_mb']:>9,.0f}{row['hwm_mb']:>9,.0f}"
          f"{row['duckdb_mb']:>11,.0f}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lines", type=float, action="append",
                   help="lines of the generated order file (repeatable; default 1e6 and 1e7)")
    p.add_argument("--no-discount", action="store_true",
                   help="skip customer_promotion and share_of_wallet (no --discount file, no second ingest)")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--discount-file", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.worker:
        emit(work(a.worker, a.discount_file))
        return 0
    import make_orders
    print_machine(machine_facts())
    print("command: python bench/bench_loyalty.py " + " ".join(argv if argv is not None else sys.argv[1:]))
    for lines in [int(x) for x in (a.lines or [1e6, 1e7])]:
        path = make_orders.default_path(lines)
        if not path.exists():
            print(f"generating {path} ...", flush=True)
            make_orders.main(["--lines", str(lines)])
        args = [str(HERE / "bench_loyalty.py"), "--worker", str(path)]
        if not a.no_discount:
            dpath = make_orders.default_path(lines, discount=True)
            if not dpath.exists():
                print(f"generating {dpath} ...", flush=True)
                make_orders.main(["--lines", str(lines), "--discount"])
            args += ["--discount-file", str(dpath)]
        r = run_child(args)
        rows = {row["stage"]: row for row in r["rows"]}
        base = rows["summary"]["s"]
        print(f"\n{lines:,} lines, {r['lines']:,} kept, {r['customers']:,} customers, as of {r['as_of']}; "
              f"ingest peak {rows['ingest (untimed)']['hwm_mb']:,.0f} MB; value metric {r['metric']}")
        print(f"{'step':<14}{'seconds':>9}{'x summary':>11}{'RSS MB':>9}{'peak MB':>9}{'duckdb MB':>11}")

        for name in STEPS:
            show(name, rows[name], base)
        page = sum(rows[n]["s"] for n in STEPS if n not in ("scan", "active_cdnow", "pandas_ret"))
        print(f"{'page total':<14}{page:>9.3f}{page / base:>10.1f}x   (every crm_core row above, summary included)")
        print(f"pandas retention / DuckDB retention_q = {rows['pandas_ret']['s'] / rows['retention_q']['s']:.1f}x; "
              f"summary / scan = {base / rows['scan']['s']:.1f}x; pandas counts match DuckDB: {r['pandas_matches']}")
        if "summary_d" in rows:
            print(f"discount file (ingested untimed, peak after it {rows['ingest discount file (untimed)']['hwm_mb']:,.0f} "
                  f"MB; discount column mapped: {r.get('discount_mapped')}); ratios to summary_d:")
            for name in DISCOUNT_STEPS:
                show(name, rows[name], rows["summary_d"]["s"])
            print(f"promotion: {r.get('promotion')}; wallet: {r.get('wallet')}")
        print(f"quarters {r['quarters']}, months {r['months']}, ladder snapshot dates {r['snapshot_dates']}; latest "
              f"quarterly retention {r['latest_retention_q']} (whole base {r['retention_all']}); repeat purchase rate "
              f"{r['repeat_purchase_rate']}")
        print(f"quadrants {r['quadrants']}; ladder {r['ladder']}")
        print(f"by tier: {r['groups_tier']}")
        print(f"BG/NBD {r.get('bgnbd') or 'not fitted: ' + r.get('fit_error', '?')}")
        print(f"mean active weeks within {HORIZON_WEEKS}: {r.get('active_weeks_mean')} (active_time), "
              f"{r['active_weeks_mean_cdnow']} (CDNOW parameters)")
        print(f"child wall {r['wall_s']:.1f} s, peak RSS {r['peak_rss_mb']:,.0f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
