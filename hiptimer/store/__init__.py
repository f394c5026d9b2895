"""Files HipTimer keeps: settings now, the history and user routines later."""
