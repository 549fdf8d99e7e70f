"""Yuedu (阅读): a reading assistant for learners of Chinese."""

__version__ = "0.1.0"
