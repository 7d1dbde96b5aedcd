"""Typography and copy hygiene: hyphens, dashes, web-page residue."""
