"""Read models rebuilt from the ledger (later issues: balances, eligibility, reconciliation)."""
