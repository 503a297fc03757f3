"""Stored uploads (images, attachments, documents) shared by every domain.

Bytes live in the database, so every app instance serves the same files (no local disk).
Types are checked by content and extension; names are chosen by the server; HTML and SVG
are refused.
"""
