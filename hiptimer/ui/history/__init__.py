"""The history feature's widgets and controllers."""
