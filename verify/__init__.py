"""fundtrail-verify: an independent verifier of docs/ledger-format.md. Imports nothing of the ledger."""
