"""HipTimer's core: catalog, routines, plans, cues and sessions. Plain Python, no Qt."""
