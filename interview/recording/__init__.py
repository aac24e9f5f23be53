"""The interview's audio recording: chunk intake, assembly, the timeline and the question markers."""
