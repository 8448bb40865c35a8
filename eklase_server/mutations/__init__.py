"""The mutations, a module each (or one per desk): each declares what it applies with
``context.Declared``; ``eklase_server.catalogue`` gathers them (docs/sync-protocol.md §4)."""
