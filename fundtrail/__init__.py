"""The composition root: the fundtrail CLI wires ledger and projections together. Nothing imports it."""
