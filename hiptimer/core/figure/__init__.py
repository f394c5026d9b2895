"""Exercise figures: a jointed body posed from angles, placed in a room and flattened to shapes.

``skeleton`` is the body, ``spec`` reads the figure files, ``drawing`` turns a pose into shapes,
``motion`` picks the pose for a moment of a session. None of it imports Qt.
"""
