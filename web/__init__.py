"""The Flask layer: one blueprint per area over the lookup core."""
