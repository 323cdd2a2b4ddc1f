"""Recognizing a report in other people's files: one recognizer in three stages.

Every foreign reader (text, Markdown, HTML/.mht, PDF, foreign DOCX/XLSX/XLS) turns its file into a list of
``Line`` (one table row as cells, or one paragraph) and calls ``recognize_lines``. The document level
(``document``, ``sections``, ``meta``, ``prose``) finds the edition, the title block, the six sections (also
as headings run into a paragraph) and the narrative; the tables go through three stages:

1. tokens (``tokens``): each line as labels and numbers with their place (line, cell; a grid row's blanks
   keep their columns). Cells a converter ran together (“21 0”) are split, never joined into one number;
   a padded header row holds no value cells; a paragraph with rows run together (“规章000行政规范性
   文件005…”, a crawler's copy) is cut into label + digit-run pieces.
2. alignment (``alignment``): labels matched to the edition's rows (numbering, typos and the edition's
   ``aliases`` tolerated); lines holding a full row of numbers aligned to the rows in official order, by
   counting every order-keeping assignment (dynamic programming) and placing a line only where all the
   best ones agree, so a moved, lost or doubled label leaves numbers blank instead of shifting them. What
   the alignment does not own is read as before: numbers after their labels, blocks column by column.
3. judgement (``judgement``, ``joint``): the tables' equations (the edition's rules) choose between
   readings or refuse: a glued digit run is split only where exactly one split fits the row's own
   equations and no reading with a vanished blank does; the glued rows a row's equations leave open are
   then read together (``joint``): every combination of the rows' readings satisfying the table's
   equations between rows (表三's column sums) is searched, within a time budget, and a row is split
   only where all of them agree; when none fits, each row stays as judged alone. A block of numbers is
   read by rows or by columns as its rows balance; a number printed plainly is never changed, so
   published errors stay errors and the checks still find them.

Every placed cell keeps the source line it came from (``ImportResult.sources``); cells that rest on an
equation are in the log as ``adjusted``, with their cell.
"""

from editor.io.recognize.document import Line, recognize_lines

__all__ = ["Line", "recognize_lines"]
