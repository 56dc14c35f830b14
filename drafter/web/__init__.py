"""`drafter serve`: a local web page over drafter's API (docs/web.md).

app.py builds the Flask app (the guard, error pages in Chinese), routes.py holds the JSON API,
work.py drafts, checks and lays out through drafter.api, uploads.py reads uploaded files in
memory, jobs.py runs batches through drafter.batch, server.py serves it all with waitress.
Flask, werkzeug, waitress and openpyxl are imported only inside this package."""
