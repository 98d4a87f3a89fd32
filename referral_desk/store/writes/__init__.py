"""How a change is made: commands applied by the executor through their handlers, one transaction
each, with the audit entry and the outbox row written alongside. Uses database/, never reads/."""
