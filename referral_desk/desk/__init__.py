"""The desk's application layer: one small class per workflow over a shared core, composed by `Desk`."""
