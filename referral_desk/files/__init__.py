"""Reading and writing the files operators bring and take away (spreadsheets, later slips and reports)."""
