"""Exercise figures: a jointed body posed from angles, placed in a room and flattened to shapes.

``skeleton`` is the body, ``spec`` reads the figure files, ``room`` is the camera, floor and
props, ``drawing`` turns a pose into shapes, ``motion`` picks the pose for a moment of a session
and how soon it next changes. None of it imports Qt.
"""
