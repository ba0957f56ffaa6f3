# Managed by scaffold and kept current by `scaffold update`: configure it, do not edit it.
"""The local dev loop: an engine stand-in that receives dispatches, and `python -m ... dev`."""
