"""What the SDK scans: every action and trigger of this workflow server lives below here."""
