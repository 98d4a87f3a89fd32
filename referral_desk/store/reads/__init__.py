"""What the desk reads: the panes' plain-SQL reads (and the first frame read before SQLAlchemy), the
queries behind details and reports, and the service the screens ask (Desk and its mixins),
which sends its changes to writes/."""
