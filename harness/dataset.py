"""Ignition-like datasets for the fake system.db (BasicDataset, PyDataSet, PyRow).

The implementation is shared with the Jython-side `system`: see harness/portable/dataset.py.
"""
from harness.portable.dataset import BasicDataset, PyDataSet, PyRow  # noqa: F401
