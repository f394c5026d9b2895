"""Data shipped with HipTimer (the catalog, routines, sounds), installed as hiptimer.assets."""
