# Deliberately empty: the benchmark passes every gunicorn setting on the command line, the same on both sides.
