"""A multilingual static site generator for news and a directory of clusters."""

__version__ = "0.1.0"
