"""The routines feature's widgets and controllers."""
