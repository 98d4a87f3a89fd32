"""Textual screens: the dashboard and the detail views."""
