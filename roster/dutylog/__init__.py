"""The duty log: entries and their corrections, what is refused, planned versus actual,
what a desk shows, and the daily report's content."""
