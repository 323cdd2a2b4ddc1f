"""A generated corpus of the forms users bring (issue 11): seeded sample reports rendered with the project's
own exporters and real converters, then read back and scored cell by cell. Shared by the corpus tests and
bench/import_forms.py."""
