"""What every feature leans on: database, jobs, mail outbox, languages, signed links, security."""
