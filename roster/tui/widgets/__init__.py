"""Widgets the screens are built from: the board, the bars, the problems panel, forms."""
