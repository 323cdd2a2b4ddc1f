"""docx files."""
