"""Directory service: organizations, projects, users, teams, service accounts, apps."""
