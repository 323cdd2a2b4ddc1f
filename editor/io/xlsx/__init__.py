"""xlsx files."""
