"""enterprise (see docs/commands.md)."""
