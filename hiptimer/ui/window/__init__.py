"""The window feature's widgets and controllers."""
