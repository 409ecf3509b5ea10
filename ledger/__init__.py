"""The write side: a signed, hash-chained, Merkle-committed event store on eventsourcing."""
