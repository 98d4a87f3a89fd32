"""Pure rules of the desk: no I/O, no clock of their own."""
