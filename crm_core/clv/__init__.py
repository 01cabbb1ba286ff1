"""Customer lifetime value: textbook formulas and the BTYD models, one concept per module.

- ``formulas``: textbook CLV as a what-if calculator (simple, 例3.1 readings A/B/C, retention-based),
  tornado and retention × discount-rate grid.
- ``bgnbd``: BG/NBD (Fader, Hardie & Lee 2005) formulas and the ``BetaGeo`` fitter.
- ``gamma_gamma``: Gamma-Gamma spend (Fader & Hardie 2013, note 025) and the ``GammaGamma`` fitter, with the
  model's pooled-mean limit when spend does not differ between customers.
- ``customer_value``: both fitted on a CustomerTable (``fit_btyd``) and per-customer predicted CLV
  (``predict_customers``).
- ``holdout``: calibration / holdout check against a naive baseline.
- ``readings``: what each fitted parameter says (purchase interval, dropout, mean spend, spreads).
- ``diagnostics``: frequency × recency matrices of P(alive) and expected purchases.
- ``simulate``: summaries drawn from known parameters (tests, benchmarks).
- ``_mle``: input checks, row compression and the optimiser shared by the fitters.
"""
