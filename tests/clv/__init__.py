"""Tests of crm_core/clv: textbook formulas, BG/NBD, Gamma-Gamma, CLV, holdout, against published numbers."""
