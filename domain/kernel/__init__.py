"""The shape every command takes: rules, typed arguments, the reader, the command base."""
