"""政府信息公开工作年度报告编辑器 (the desktop editor for government information disclosure annual reports)."""

__version__ = "0.1.0"
