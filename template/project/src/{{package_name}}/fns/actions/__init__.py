"""Actions, one module per upstream resource, one function per verb."""
