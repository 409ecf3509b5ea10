"""programme (see docs/commands.md)."""
