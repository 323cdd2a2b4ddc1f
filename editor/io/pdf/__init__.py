"""pdf files."""
