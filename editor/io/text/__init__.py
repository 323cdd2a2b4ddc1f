"""text files."""
