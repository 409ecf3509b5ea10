"""payment (see docs/commands.md)."""
