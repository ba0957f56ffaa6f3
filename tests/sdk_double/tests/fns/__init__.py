"""A workflow-server package for the double's tests, discovered through walk_packages."""
