"""The reception desk's domain and local store. No Qt, no network, no printer here."""

__version__ = "0.1.0"
