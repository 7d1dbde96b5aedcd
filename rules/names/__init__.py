"""Consistency of names: one spelling per place, person and organisation in a story."""
