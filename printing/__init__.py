"""Paper output: A4 forms (reportlab) and thermal tickets; imports desk only, never Qt."""
