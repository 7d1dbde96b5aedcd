"""Quotes and attributions: cut-off attributions, unbalanced quotation marks, titles."""
