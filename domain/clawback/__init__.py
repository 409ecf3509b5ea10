"""clawback (see docs/commands.md)."""
