"""approval (see docs/commands.md)."""
