"""Synchronisation with the central server: outbox push, paged pull, conflicts (DESIGN §4)."""
