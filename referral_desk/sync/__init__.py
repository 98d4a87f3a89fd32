"""Offline-first sync: the protocol both ends share and the workstation's client."""
