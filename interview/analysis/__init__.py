"""What the paper reports, from the tool itself: the sample description, Table 1 and the citations."""
