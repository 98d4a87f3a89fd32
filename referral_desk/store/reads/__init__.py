"""What the desk reads: queries that return rows (the panes' plain-SQL reads, which also draw the first frame
before SQLAlchemy loads, and the queries behind details and reports). The desk's workflows (referral_desk.desk)
ask them; nothing here runs a command or writes a file."""
