"""Messages leaving the desk: reminders to specialists through WeCom and the SMS gateway."""
