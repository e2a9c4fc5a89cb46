"""The domain: teams, members, checkpoints, shifts and time, as plain frozen data."""
