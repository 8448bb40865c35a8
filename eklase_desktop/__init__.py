"""E-klase Desktop: the Latvian school journal on a local cache, synchronised with a server."""

__version__ = "0.1.0"
