"""publicity (see docs/commands.md)."""
