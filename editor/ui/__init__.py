"""The Qt layer: a thin view over the Report, its edition and its checks (see DESIGN.md).

Modules without Qt in their name may be imported without Qt (cell_input, totals, clipboard).
"""
