-- customer_promotion: per customer, how many of their orders were bought with a discount and how much money
-- was given off, as of $as_of — the inputs of promotion dependence (激励忠诚 / 利益忠诚, crm_core.loyalty.promotion).
-- in : transactions(customer_id, order_ts TIMESTAMP, amount DOUBLE, order_id, source_row BIGINT,
--      discount DOUBLE [currency, >= 0 as stored by the ingest, 0 when blank]) — only when discount is mapped.
-- params: $as_of DATE — lines dated before it count.
-- out: customer_id; orders [count, as in cte_customer_orders]; discounted_orders [count: orders whose lines'
--      discounts sum to > 0]; revenue [currency: net of the orders' lines, the sum of order_value];
--      discount_total [currency: the orders' discounts summed, returns' reversals included]. One row per
--      customer with an order before $as_of, sorted by customer_id.
WITH
-- include: cte_customer_orders
,
order_discounts AS (
    SELECT
        o.customer_id,
        o.order_key,
        sum(coalesce(t.discount, 0)) AS discount
    FROM order_lines AS o
    JOIN transactions AS t ON t.source_row = o.source_row
    GROUP BY o.customer_id, o.order_key
)
SELECT
    c.customer_id,
    count(*) AS orders,
    count(*) FILTER (WHERE d.discount > 0) AS discounted_orders,
    sum(c.order_value) AS revenue,
    sum(d.discount) AS discount_total
FROM customer_orders AS c
JOIN order_discounts AS d ON d.customer_id = c.customer_id AND d.order_key = c.order_key
GROUP BY c.customer_id
ORDER BY c.customer_id
