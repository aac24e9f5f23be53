"""The demographic questionnaire: filled by the participant or the interviewer, edits kept."""
