"""Loading agency files: YAML with the line and column of every value, size and alias limits,
safe reading (no symlinks out of the agency)."""
