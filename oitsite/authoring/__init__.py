"""What writes agency files for editors: the spreadsheet importer and the new-agency scaffold."""
