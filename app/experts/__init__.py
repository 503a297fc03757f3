"""The expert directory (Program 1)."""
