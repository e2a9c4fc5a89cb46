"""Files that come in and go out: the bundle, member lists, and every export format."""
