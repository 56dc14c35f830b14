"""The Speech model and its formats: Markdown and plain-text readers and writers, the .docx
writer and reader, atomic output, and the LibreOffice preview."""
