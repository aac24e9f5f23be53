"""The Change Interview screen: sections, answers with autosave, changes and their ratings."""
