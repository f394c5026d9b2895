"""Small custom-drawn widgets."""
