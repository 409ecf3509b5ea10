"""The subsidy domain: actors, roles and the rules they act under. Pure: no I/O."""
