"""Trusting outside issuers: fetching their key sets safely, and judging their tokens."""
