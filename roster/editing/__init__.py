"""The hand edits of a roster as pure functions: a bundle in, a new bundle out."""
