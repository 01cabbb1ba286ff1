-- customer_referrals: how many customers each referrer brought (Kotler's advocates), as of $as_of.
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, source_row BIGINT,
--      referrer VARCHAR [who referred the line's customer, an id read as customer_id is (id_text)]) — only when
--      referrer is mapped.
-- params: $as_of DATE — lines dated before it count.
-- A customer's referrer is the one on their earliest line (by order_ts, then file row) that names one other
-- than themselves; a referred customer counts when they have an order before $as_of (cte_customer_orders).
-- out: customer_id [a buyer, or a referrer value no buyer has]; referred_customers [count of distinct
--      referred buyers; 0 for a buyer who referred no one]; is_customer BOOLEAN [TRUE: has an order before
--      $as_of]. Sorted by customer_id.
WITH
-- include: cte_customer_orders
,
buyers AS (
    SELECT DISTINCT customer_id FROM customer_orders
),
referrer_lines AS (
    SELECT
        customer_id,
        referrer,
        row_number() OVER (PARTITION BY customer_id ORDER BY order_ts, source_row) AS line_number
    FROM transactions
    WHERE order_ts < CAST($as_of AS DATE) AND referrer IS NOT NULL AND referrer <> customer_id
),
referred AS (
    SELECT r.customer_id, r.referrer
    FROM referrer_lines AS r
    JOIN buyers AS b ON b.customer_id = r.customer_id
    WHERE r.line_number = 1
),
referral_totals AS (
    SELECT referrer, count(DISTINCT customer_id) AS referred_customers
    FROM referred
    GROUP BY referrer
)
SELECT
    coalesce(b.customer_id, t.referrer) AS customer_id,
    coalesce(t.referred_customers, 0) AS referred_customers,
    b.customer_id IS NOT NULL AS is_customer
FROM buyers AS b
FULL OUTER JOIN referral_totals AS t ON t.referrer = b.customer_id
ORDER BY customer_id
