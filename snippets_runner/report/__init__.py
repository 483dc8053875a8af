"""Reports of a verification run: terminal, JUnit XML and JSON, all masked."""
