"""Core results turned into words for people: the check, the generate summary, the daily report."""
