"""The benchmark harness (bench/run.sh); a package only so the baseline view can be imported."""
