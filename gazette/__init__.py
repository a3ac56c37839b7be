"""A static-site generator for a county government gazette (政府公报)."""
