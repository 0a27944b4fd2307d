"""Benchmarks with budgets (run `.venv/bin/python bench/bench.py`): the model, the exports, the UI."""
