"""Local store: SQLModel tables, engine set-up, commands and pane queries."""
