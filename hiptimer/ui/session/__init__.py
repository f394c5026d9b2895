"""The session feature's widgets and controllers."""
