"""HipTimer's Qt widgets: thin views over hiptimer.core."""
