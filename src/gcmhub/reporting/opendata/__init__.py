"""Open data: bulk downloads of every public dataset in CSV, XLSX and JSON, each with its data dictionary, the
licence (CC BY 4.0) and its last-updated date (docs/open-data.md)."""
