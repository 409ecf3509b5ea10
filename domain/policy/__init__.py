"""policy (see docs/commands.md)."""
