"""What a screen shows, as plain data and words (no Textual): the grid, descriptions, coverage."""
