"""project (see docs/commands.md)."""
