"""Rules that hold a story to itself: one word, name, title, age, count or date form throughout."""
