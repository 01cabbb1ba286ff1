-- cte_stage_inputs: a fragment (named CTEs, see crm_core.store) — per customer and as-of date, the
-- purchase-rhythm inputs of the lifecycle stage rules (cte_stage_rules.sql), for one as-of date or many in a
-- single pass over the transactions.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, profit DOUBLE).
-- params: $as_of_dates DATE[] — for each date D, lines dated before D count;
--         $recent_days INTEGER — length W of the recent window [D − W, D) [days].
-- out: CTE stage_inputs — as_of DATE (= D); customer_id; first_order_date, last_order_date DATE (of purchase
--      lines, amount >= 0);
--      orders [distinct order_id, or customer-day without order ids, as in customer_summary.sql];
--      purchase_days [distinct days with a purchase line]; net_revenue, profit [currency, lines before D];
--      recent_revenue [net amount of the lines in [D − W, D)], recent_returns [>= 0: minus the sum of the
--      return lines (amount < 0) in [D − W, D), as returns in customer_summary.sql; a return is dated when
--      refunded, so it can fall in the window after the purchase it refunds fell before it],
--      earlier_revenue [net amount of the lines before D − W] [currency]; days_since_last_order, tenure_days
--      [days: D − last / first order date].
--      Only customers with a purchase line before D (the population of customer_summary.sql).
--      Unsorted (stage_inputs.sql sorts them; customer_stages.sql classifies them).
-- Portable SQL except unnest of a list parameter (PostgreSQL and Spark have it too); date differences are
-- date_diff('day', start, end) (crm_core.spark.transpile: Spark's date − date is an interval).
dates AS (
    SELECT DISTINCT CAST(d AS DATE) AS as_of
    FROM (SELECT unnest($as_of_dates) AS d) AS given
),
order_keys AS (
    -- one row per customer, day and order: the transactions shrink before the join with the dates
    SELECT
        customer_id,
        CAST(order_ts AS DATE) AS order_day,
        coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR)) AS order_key,
        max(amount) >= 0 AS has_purchase,
        sum(amount) AS amount,
        sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS returns,
        sum(profit) AS profit
    FROM transactions
    WHERE order_ts < (SELECT max(as_of) FROM dates)
    GROUP BY customer_id, CAST(order_ts AS DATE), coalesce(order_id, CAST(CAST(order_ts AS DATE) AS VARCHAR))
),
per_customer AS (
    SELECT
        d.as_of,
        k.customer_id,
        min(k.order_day) FILTER (WHERE k.has_purchase) AS first_order_date,
        max(k.order_day) FILTER (WHERE k.has_purchase) AS last_order_date,
        count(DISTINCT k.order_key) FILTER (WHERE k.has_purchase) AS orders,
        count(DISTINCT k.order_day) FILTER (WHERE k.has_purchase) AS purchase_days,
        sum(k.amount) AS net_revenue,
        sum(k.profit) AS profit,
        coalesce(sum(k.amount) FILTER (WHERE k.order_day >= d.as_of - CAST($recent_days AS INTEGER)), 0)
            AS recent_revenue,
        coalesce(sum(k.returns) FILTER (WHERE k.order_day >= d.as_of - CAST($recent_days AS INTEGER)), 0)
            AS recent_returns,
        coalesce(sum(k.amount) FILTER (WHERE k.order_day < d.as_of - CAST($recent_days AS INTEGER)), 0)
            AS earlier_revenue
    FROM dates AS d
    JOIN order_keys AS k ON k.order_day < d.as_of
    GROUP BY d.as_of, k.customer_id
),
stage_inputs AS (
    SELECT
        as_of,
        customer_id,
        first_order_date,
        last_order_date,
        orders,
        purchase_days,
        net_revenue,
        profit,
        recent_revenue,
        recent_returns,
        earlier_revenue,
        date_diff('day', last_order_date, as_of) AS days_since_last_order,
        date_diff('day', first_order_date, as_of) AS tenure_days
    FROM per_customer
    WHERE orders > 0
)
