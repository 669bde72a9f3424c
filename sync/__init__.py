"""Synchronisation with the office hub and the provincial server (outbox push, pull cursor, files)."""
