"""checkpoint-roster: 24-hour checkpoint rosters and duty logs for village work teams."""

__version__ = "0.1.0"
