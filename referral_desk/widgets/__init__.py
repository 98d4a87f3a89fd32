"""Panes and small widgets; they render rows a screen hands them and never query."""
