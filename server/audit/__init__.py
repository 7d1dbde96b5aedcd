"""`copydesk audit`: a newsroom's whole archive linted on Dask, with findings and stories as Parquet,
a report for a standards editor and the archive's name spellings as gazetteer entries.

Needs the `audit` extra (dask.distributed, pyarrow, bokeh for the dashboard); nothing here is
imported by `copydesk lint` or the language server."""
