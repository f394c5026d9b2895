"""The parts of the routine editor: checked number fields, the dose panel, the catalog panel."""
