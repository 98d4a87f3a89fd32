"""The central server: authority over every workstation's changes."""
