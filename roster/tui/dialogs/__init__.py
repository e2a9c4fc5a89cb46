"""Modal dialogs: confirm, export, import members, operator, swap, and the duty desk's."""
