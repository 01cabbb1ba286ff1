"""Plain readings of the fitted BTYD parameters: what r, α, a, b and p, q, γ say about a typical customer.

This module owns the numbers behind the one-line reading of each parameter on the CLV page: moments of the
models' mixing distributions, in the time unit and currency of the fit. The models and their fits are
:mod:`.bgnbd`'s and :mod:`.gamma_gamma`'s; wording and rounding are the page's.

References
----------
.. [1] Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting Your Customers" the Easy Way: An
   Alternative to the Pareto/NBD Model. Marketing Science 24(2), 275-284 (BG/NBD, section 3).
.. [2] Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma Model of Monetary Value.
   http://brucehardie.com/notes/025/
"""

from __future__ import annotations

import math

from . import _mle


def bgnbd_readings(r: float, alpha: float, a: float, b: float) -> dict[str, float]:
    """What the BG/NBD parameters say about purchase rates and dropout.

    Parameters
    ----------
    r, alpha : float
        Shape and rate of the Gamma distribution of purchase rates λ across customers (> 0); ``alpha`` [time
        unit].
    a, b : float
        Beta distribution of the dropout probability after each purchase (> 0).

    Returns
    -------
    dict
        ``purchase_rate`` E[λ] = r/α [purchases per time unit, while active]; ``periods_between_purchases``
        1/E[λ] = α/r [time units]: a typical customer buys about once every α/r units while active;
        ``purchase_rate_cv`` CV(λ) = 1/√r [ratio]: how much purchase rates differ between customers;
        ``dropout_mean`` E[p] = a/(a+b) [probability]: the share who drop out after each purchase;
        ``dropout_sd`` SD(p) = √(ab / ((a+b)²(a+b+1))) [probability]: how much that differs between customers.

    Notes
    -----
    BG/NBD [1]_: while active, customer i buys as a Poisson process with rate λ ~ Gamma(r, α) (mean r/α,
    variance r/α², so CV 1/√r); after each purchase they drop out with probability p ~ Beta(a, b) (mean
    a/(a+b), variance ab/((a+b)²(a+b+1))).

    Examples
    --------
    FHL (2005)'s CDNOW estimates (weeks): once every 18.2 weeks while active, 24.6 % drop out after each purchase.

    >>> got = bgnbd_readings(0.243, 4.414, 0.793, 2.426)
    >>> round(got["periods_between_purchases"], 1), round(100 * got["dropout_mean"], 1)
    (18.2, 24.6)
    """
    for name, x in (("r", r), ("alpha", alpha), ("a", a), ("b", b)):
        _mle.check_positive(name, float(x), caller="bgnbd_readings")
    s = a + b
    return {
        "purchase_rate": r / alpha,
        "periods_between_purchases": alpha / r,
        "purchase_rate_cv": 1.0 / math.sqrt(r),
        "dropout_mean": a / s,
        "dropout_sd": math.sqrt(a * b / (s * s * (s + 1.0))),
    }


def gamma_gamma_readings(p: float, q: float, v: float) -> dict[str, float]:
    """What the Gamma-Gamma parameters say about spend per purchase.

    Parameters
    ----------
    p : float
        Shape of each customer's spend per purchase, Gamma(p, ν) (> 0).
    q, v : float
        Shape and rate (γ of note 025, ``v`` [currency]) of ν ~ Gamma(q, γ) across customers; q > 1.

    Returns
    -------
    dict
        ``mean_spend`` E[Z] = p·γ/(q − 1) [currency]: spend per purchase of a typical customer;
        ``spend_cv_within`` 1/√p [ratio]: how much one customer's spends vary around their own mean;
        ``spend_cv_between`` CV(ζ) = 1/√(q − 2) [ratio] for q > 2 (infinite for 1 < q <= 2): how much
        customers' mean spends ζ = p/ν differ.

    Notes
    -----
    Gamma-Gamma [2]_: a purchase of customer i costs Z ~ Gamma(p, ν_i) (mean p/ν_i, CV 1/√p), ν_i ~ Gamma(q, γ).
    Then ζ_i = p/ν_i has E[ζ] = pγ/(q − 1) and Var[ζ] = p²γ²/((q − 1)²(q − 2)), so CV(ζ) = 1/√(q − 2).

    Examples
    --------
    Note 025's CDNOW estimates: 35.22 a purchase; one customer's spends vary by 40 %, customers' means by 76 %.

    >>> got = gamma_gamma_readings(6.25, 3.74, 15.44)
    >>> round(got["mean_spend"], 2), round(got["spend_cv_within"], 2), round(got["spend_cv_between"], 2)
    (35.22, 0.4, 0.76)
    """
    for name, x in (("p", p), ("v", v)):
        _mle.check_positive(name, float(x), caller="gamma_gamma_readings")
    _mle.check_positive("q", float(q), caller="gamma_gamma_readings", minimum=1.0)
    return {
        "mean_spend": p * v / (q - 1.0),
        "spend_cv_within": 1.0 / math.sqrt(p),
        "spend_cv_between": 1.0 / math.sqrt(q - 2.0) if q > 2 else math.inf,
    }
