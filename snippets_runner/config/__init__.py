"""What the runner needs to know about the MkDocs site it checks."""
