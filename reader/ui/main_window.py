"""The reader window: library on the left, the reading view in the centre, the dictionary on the right."""

from __future__ import annotations

import gc
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QGuiApplication, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFontComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core import paths
from reader.core.errors import UserError
from reader.core.recovery import open_data_dir, open_stores
from reader.core.blocks import article_blocks
from reader.core.importers.registry import file_filter
from reader.core.shelf import LibraryShelf
from reader.core.stats import RunningCounts
from reader.ui import operations, single_instance, plain_text, theme as themes
from reader.ui.book_navigation import BookNavigation
from reader.ui.corrections_actions import CorrectionActions
from reader.ui.dictionary_panel import DictionaryPanel
from reader.ui.example_search import ExampleSearch
from reader.ui.fonts import usable_family
from reader.ui.find_bar import FindBar
from reader.ui.known_marking import KnownMarking
from reader.ui.library_actions import LibraryActions
from reader.ui.library_difficulty import LibraryDifficulty
from reader.ui.library_panel import LibraryPanel
from reader.ui.picture_pane import PicturePane
from reader.ui.settings import MAX_ZOOM, MIN_ZOOM, Settings
from reader.ui.screen_capture import ScreenCapture
from reader.ui.speech_actions import SpeechActions
from reader.ui.text_correction import TextCorrection
from reader.ui.undo_actions import UndoActions
from reader.ui.vocabulary_writes import change_vocabulary
from reader.ui.word_tints import WordTintActions

DEFAULT_SIZE = (1280, 800)
DEFAULT_SPLITTER = [250, 680, 350]
ZOOM_STEP = 1.1
SEGMENT_BATCH_SECONDS = 0.04


# -- the window -------------------------------------------------------------------------------------


class MainWindow(QMainWindow):
    """Library, reading view and dictionary panel, with the menus and keys that tie them together."""

    article_opened = Signal(str)  # article key
    segmentation_finished = Signal(str)  # article key
    import_failed = Signal(str)  # the one-line reason

    def __init__(self, session, settings: Settings, interactive: bool = True):
        super().__init__()
        from reader.core.segment import load_native_library
        from reader.ui.reading_view import ReadingView

        load_native_library()  # before the window shows: loading it later froze the window 0.1-0.25 s

        self.session = session
        self.settings = settings
        self.interactive = interactive  # False for --screenshot: errors go to stderr, never to a modal box
        problems = open_stores(session) + ([settings.problem] if settings.problem else [])
        self.shelf = LibraryShelf(session.library)
        self.current_key: str | None = None
        self.segmented = False
        self.failures: list[str] = []
        self._blocks: list = []
        self._block_paragraphs: list[int] = []
        self._counts = RunningCounts()  # the open article's words, counted as its tokens arrive
        self._segmenting = None
        self._profile_library_after_segmenting = False  # the library changed while the open text was segmenting
        self._stop_segmenting: threading.Event | None = None
        self._position = 0
        self._statuses: dict = {}
        self._statuses_loaded = False
        self.vocabulary_window = None
        self.export_dialog = None
        self._first_paint_callbacks: list[Callable[[], None]] = []
        self.setWindowTitle("Yuedu")
        self.setAcceptDrops(True)
        self.startup_problems: list[str] = []

        self.view = ReadingView(self)
        self.view.word_activated.connect(self.show_token)
        self.view.position_changed.connect(self._position_changed)
        self.view.zoom_changed.connect(self._zoom_changed)
        self.view.viewport().installEventFilter(self)
        self.find_bar = FindBar(lambda text, forward: self.view.find_text(text, forward), self)
        self.find_bar.hide()
        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.view, 1)
        centre_layout.addWidget(self.find_bar)

        self.example_search = ExampleSearch(self.shelf.paragraphs, lambda word, found: self.panel.show_examples(word, found), self)
        self.panel = DictionaryPanel(lambda: self.session.dictionary, self.example_search, self)
        self.panel.save_requested.connect(self.save_word)
        self.panel.leave_requested.connect(lambda: self.view.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.view.level_of = self.panel.level_of = self.word_level
        self.library_panel = LibraryPanel(self)
        self.library_panel.article_chosen.connect(self.open_article)
        self.library_difficulty = LibraryDifficulty(session, self.shelf, self)
        self.library_difficulty.changed.connect(self._show_difficulty)
        self.library_actions = LibraryActions(self)
        self.picture_pane = PicturePane(self)  # the picture beside a text read from one (hidden otherwise)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.library_panel)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setCollapsible(1, False)
        self.splitter.setHandleWidth(1)
        self.setCentralWidget(self.splitter)

        self.status_label = plain_text.plain_label("", self)  # shows file names and import errors
        self.statistics_label = plain_text.plain_label("", self)
        self.import_progress = QProgressBar(self)
        self.import_progress.setMaximumWidth(160)
        self.import_progress.setTextVisible(False)
        self.import_progress.hide()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.import_progress)
        self.word_tints = WordTintActions(self)
        self.statusBar().addPermanentWidget(self.word_tints.legend)
        self.statusBar().addPermanentWidget(self.statistics_label)
        self.show_problems(problems)

        self._position_timer = QTimer(self)
        self._position_timer.setSingleShot(True)
        self._position_timer.setInterval(800)
        self._position_timer.timeout.connect(self._store_position)

        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._system_scheme_changed)
        self._build_actions()
        self.book = BookNavigation(self)
        self._build_menus()
        self._build_toolbar()
        self._restore_layout()
        self.apply_settings()
        if not self.family:
            QTimer.singleShot(0, self._advise_cjk_font)
        self._update_vocabulary_actions()

    # -- actions, menus, toolbar -------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, checkable: bool = False, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work with the menu bar hidden, too
        return action

    def _build_actions(self) -> None:
        Std = QKeySequence.StandardKey
        self.open_action = self._action("&Open…", self.choose_files, Std.Open, tip="Import a text file and read it")
        self.paste_action = self._action("&Paste as New Article", self.paste_article, "Ctrl+Shift+V")
        self.open_web_action = self._action("Open &Web Page…", self.open_web_page, "Ctrl+Shift+O",
                                            tip="Fetch a web article (its text only) and read it")
        self.quit_action = self._action("&Quit", self.close, Std.Quit)
        self.copy_action = self._action("&Copy", self.copy_selection, Std.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(self.copy_action)
        self.find_action = self._action("&Find in Article…", self.find_bar.open, Std.Find)
        self.find_next_action = self._action("Find &Next", lambda: self.find_bar.find(True), Std.FindNext)
        self.find_previous_action = self._action("Find Pre&vious", lambda: self.find_bar.find(False), Std.FindPrevious)
        self.search_action = self._action("&Search Dictionary", self.panel.focus_search, "Ctrl+L")
        self.library_action = self._action("&Library", self.set_library_visible, "Ctrl+Shift+L", checkable=True)
        self.zoom_in_action = self._action("Zoom &In", self.zoom_in, ["Ctrl+=", "Ctrl++"])
        self.zoom_out_action = self._action("Zoom &Out", self.zoom_out, "Ctrl+-")
        self.zoom_reset_action = self._action("&Actual Size", self.zoom_reset, "Ctrl+0")

        self.ruby_actions = QActionGroup(self)
        self.ruby_actions.setExclusive(True)
        for mode, label, key in (("off", "&No Pinyin", "Ctrl+1"), ("all", "Pinyin Over &All Words", "Ctrl+2"),
                                 ("unknown", "Pinyin Over &Unknown Words", "Ctrl+3")):
            action = self._action(label, lambda checked=False, m=mode: self.set_ruby_mode(m), key, checkable=True)
            action.setData(mode)
            self.ruby_actions.addAction(action)
        self.tone_action = self._action("&Tone Colours", self.set_tone_colors, "Ctrl+T", checkable=True)
        self.scheme_actions = QActionGroup(self)
        for scheme, label in (("pleco", "Pleco Colours"), ("mdbg", "MDBG / Zhongwen Colours")):
            action = self._action(label, lambda checked=False, s=scheme: self.set_tone_scheme(s), checkable=True)
            action.setData(scheme)
            self.scheme_actions.addAction(action)
        self.sandhi_action = self._action("Tone &Sandhi of 一 and 不", self.set_tone_sandhi, checkable=True,
                                          tip="Pinyin shows 一 and 不 as spoken (不是 bú shì, 一起 yì qǐ); "
                                              "the dictionary keeps their own tones")
        self.theme_actions = QActionGroup(self)
        for name, label in (("system", "Follow &System"), ("light", "&Light"), ("dark", "&Dark")):
            action = self._action(label, lambda checked=False, n=name: self.set_theme(n), checkable=True)
            action.setData(name)
            self.theme_actions.addAction(action)

        self.save_word_action = self._action("&Save Word", lambda: self.save_word(), "S",
                                             tip="Save the word under the cursor with its sentence")
        self.status_actions = []
        for status in range(1, 6):
            action = self._action(f"Status &{status}" + (" (Known)" if status == 5 else " (New)" if status == 1 else ""),
                                  lambda checked=False, s=status: self.set_word_status(s), str(status))
            self.status_actions.append(action)
        self.known_action = self._action("Mark as &Known", lambda: self.set_word_status("known"), "K")
        self.ignore_action = self._action("&Ignore Word", lambda: self.set_word_status("ignored"), "I")
        self.known_marking = KnownMarking(self)
        self.rest_known_action = self.known_marking.rest_action
        self.prestudy_action = self._action("Words to Learn &First…", self.open_prestudy, "Ctrl+Shift+F",
                                            tip="The unknown words that unlock this book or article, most useful first")
        self.prestudy_dialog = None
        self.undo_actions = UndoActions(self.session.undo, self, self.status_label.setText, self._after_undo,
                                        self.report_error)
        self.correction_actions = CorrectionActions(self)
        self.vocabulary_window_action = self._action("&Vocabulary…", self.open_vocabulary_window, "Ctrl+Shift+B")
        self.export_action = self._action("&Export to Anki…", self.open_export_dialog, "Ctrl+E")
        self.speech = SpeechActions(self)
        self.text_correction = TextCorrection(self)
        self.screen_capture = ScreenCapture(self)
        self.panel.speak_requested.connect(self.speech.say_entry)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for action in (self.open_action, self.open_web_action, self.paste_action, self.screen_capture.action,
                       self.library_actions.remove_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        for action in (self.undo_actions.undo_action, self.undo_actions.redo_action, None, self.copy_action, self.text_correction.action, None, self.find_action, self.find_next_action, self.find_previous_action,
                       None, self.search_action):
            edit.addSeparator() if action is None else edit.addAction(action)
        view = bar.addMenu("&View")
        view.addAction(self.library_action)
        view.addSeparator()
        view.addActions(self.book.actions())
        view.addSeparator()
        view.addActions(self.ruby_actions.actions())
        view.addSeparator()
        view.addActions(self.word_tints.actions())
        view.addSeparator()
        view.addAction(self.tone_action)
        view.addActions(self.scheme_actions.actions())
        view.addAction(self.sandhi_action)
        view.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            view.addAction(action)
        view.addAction(self._action("&Font…", self.choose_font))
        theme_menu = view.addMenu("&Theme")
        theme_menu.addActions(self.theme_actions.actions())
        words = bar.addMenu("&Words")
        words.addAction(self.save_word_action)
        words.addActions(self.status_actions)
        words.addAction(self.known_action)
        words.addAction(self.ignore_action)
        words.addSeparator()
        words.addActions(self.known_marking.actions())
        words.addAction(self.prestudy_action)
        words.addSeparator()
        words.addActions(self.correction_actions.actions)
        words.addSeparator()
        words.addAction(self.vocabulary_window_action)
        self.speech.fill_menu(bar.addMenu("&Speech"))

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Reading", self)
        toolbar.setObjectName("reading-toolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.library_action.setText("Library")
        toolbar.addAction(self.library_action)
        toolbar.addAction(self.open_action)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Pinyin ", toolbar))
        self.ruby_combo = QComboBox(toolbar)
        for label, mode in (("Off", "off"), ("All words", "all"), ("Unknown words", "unknown")):
            self.ruby_combo.addItem(label, mode)
        self.ruby_combo.setToolTip("Pinyin above the words (Ctrl+1, Ctrl+2, Ctrl+3)")
        self.ruby_combo.activated.connect(lambda index: self.set_ruby_mode(self.ruby_combo.itemData(index)))
        toolbar.addWidget(self.ruby_combo)
        self.tone_check = QCheckBox("Tone colours", toolbar)
        self.tone_check.setToolTip("Colour pinyin by tone (Ctrl+T)")
        self.tone_check.toggled.connect(self.set_tone_colors)
        spacer = QWidget(toolbar)
        spacer.setFixedWidth(10)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.tone_check)
        toolbar.addSeparator()
        self.font_combo = QFontComboBox(toolbar)
        self.font_combo.setWritingSystem(self.font_combo.writingSystem().SimplifiedChinese)
        self.font_combo.setToolTip("Reading font (families that can write Chinese)")
        self.font_combo.setMaximumWidth(200)
        self.font_combo.activated.connect(lambda _: self.set_font_family(self.font_combo.currentFont().family()))
        toolbar.addWidget(self.font_combo)
        for action, text in ((self.zoom_out_action, "A−"), (self.zoom_in_action, "A+")):
            button = QToolButton(toolbar)
            button.setDefaultAction(action)
            button.setText(text)
            button.setToolTip(action.text().replace("&", "") + f" ({action.shortcut().toString()})")
            toolbar.addWidget(button)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

    # -- settings ---------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = self.settings
        restored = False
        if settings.geometry:
            restored = self.restoreGeometry(QByteArray.fromBase64(settings.geometry.encode("ascii")))
        if not restored:
            self.resize(*DEFAULT_SIZE)
        sizes = settings.splitter_sizes if len(settings.splitter_sizes) == 3 else DEFAULT_SPLITTER
        self.splitter.setSizes(sizes)
        self.library_panel.setVisible(settings.library_visible)
        self.library_action.setChecked(settings.library_visible)

    def apply_settings(self) -> None:
        """Push every reading setting to the view, the panel and the controls."""
        settings = self.settings
        self.view.set_ruby_mode(settings.ruby_mode)
        self.view.set_tone_colors(settings.tone_colors, settings.tone_scheme)
        self.view.set_tone_sandhi(settings.tone_sandhi)
        self.word_tints.apply()
        self.view.set_zoom(settings.zoom)
        self.family = usable_family(settings.font_family)
        if self.family:
            self.view.set_font_family(self.family)
        self._apply_theme()
        self.panel.set_tone_colors(settings.tone_colors, settings.tone_scheme)
        self._sync_controls()

    def _advise_cjk_font(self) -> None:
        """No family writes Chinese: say which font to install (in the status bar, and once in a box)."""
        from reader.ui.fonts import missing_font_advice

        advice = missing_font_advice()
        self.status_label.setText(advice)
        if self.interactive and not self.settings.missing_font_told:
            self.settings.missing_font_told = True
            plain_text.show_warning(self, "Yuedu", advice)

    def _apply_theme(self) -> None:
        theme = themes.resolve(self.settings.theme)
        themes.apply(theme)
        self.theme = theme
        self.view.set_colors(QColor(theme.paper), QColor(theme.text), QColor(theme.accent))
        self.panel.set_theme(theme, self.family)
        self.splitter.setStyleSheet(f"QSplitter::handle {{ background: {theme.border}; }}")

    def _system_scheme_changed(self, _scheme=None) -> None:
        if self.settings.theme == "system":
            self._apply_theme()

    def _sync_controls(self) -> None:
        settings = self.settings
        for group, value in ((self.ruby_actions, settings.ruby_mode), (self.scheme_actions, settings.tone_scheme),
                             (self.theme_actions, settings.theme)):
            for action in group.actions():
                action.setChecked(action.data() == value)
        self.tone_action.setChecked(settings.tone_colors)
        self.sandhi_action.setChecked(settings.tone_sandhi)
        self.ruby_combo.setCurrentIndex(max(0, self.ruby_combo.findData(settings.ruby_mode)))
        self.tone_check.blockSignals(True)
        self.tone_check.setChecked(settings.tone_colors)
        self.tone_check.blockSignals(False)
        if self.family:
            self.font_combo.blockSignals(True)
            # the current index, not just the text shown: the list opens on it, and Enter or a click keeps it
            self.font_combo.setCurrentFont(QFont(self.family))
            self.font_combo.blockSignals(False)

    def save_settings(self) -> None:
        """Write the window's state and the reading position to the settings file."""
        self._store_position()
        settings = self.settings
        if self.interactive:
            settings.geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
            sizes = self.splitter.sizes()
            if self.library_panel.isVisible() and all(sizes):
                settings.splitter_sizes = sizes
        settings.last_article = self.current_key or settings.last_article
        try:
            settings.save()
        except (OSError, UserError) as error:
            print(f"yuedu: cannot save settings: {error}", file=sys.stderr)

    def set_ruby_mode(self, mode: str) -> None:
        """Pinyin above no words, every word, or only the words not known yet."""
        self.settings.ruby_mode = mode
        self.view.set_ruby_mode(mode)
        self._sync_controls()

    def set_tone_colors(self, enabled: bool) -> None:
        """Colour pinyin by tone (in the view and the panel) or not."""
        self.settings.tone_colors = bool(enabled)
        self.view.set_tone_colors(self.settings.tone_colors, self.settings.tone_scheme)
        self.panel.set_tone_colors(self.settings.tone_colors, self.settings.tone_scheme)
        self._sync_controls()

    def set_tone_sandhi(self, enabled: bool) -> None:
        """Show 一 and 不 over the words and on the card as spoken, or with their dictionary tones."""
        self.settings.tone_sandhi = bool(enabled)
        self.view.set_tone_sandhi(self.settings.tone_sandhi)
        self._sync_controls()

    def set_tone_scheme(self, scheme: str) -> None:
        """Use Pleco's or MDBG's tone colours."""
        self.settings.tone_scheme = scheme
        self.set_tone_colors(True)

    def set_theme(self, name: str) -> None:
        """Light, dark, or whatever the desktop uses."""
        self.settings.theme = name
        self._apply_theme()
        self._sync_controls()

    def set_font_family(self, family: str) -> None:
        """Read in ``family``."""
        self.settings.font_family = family
        self.family = family
        self.view.set_font_family(family)
        self.panel.set_theme(self.theme, family)
        self._sync_controls()

    def choose_font(self) -> None:
        """Pick the reading font from the CJK-capable families."""
        self.font_combo.setFocus()
        self.font_combo.showPopup()

    def zoom_in(self) -> None:
        """Larger text."""
        self._set_zoom(self.settings.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        """Smaller text."""
        self._set_zoom(self.settings.zoom / ZOOM_STEP)

    def zoom_reset(self) -> None:
        """Text at its normal size."""
        self._set_zoom(1.0)

    def _set_zoom(self, zoom: float) -> None:
        zoom = round(min(MAX_ZOOM, max(MIN_ZOOM, zoom)), 3)
        self.settings.zoom = zoom
        self.view.set_zoom(zoom)
        self.status_label.setText(f"Zoom {round(zoom * 100)}%")

    def _zoom_changed(self, zoom: float) -> None:
        self.settings.zoom = round(zoom, 3)

    def set_library_visible(self, visible: bool) -> None:
        """Show or hide the library panel."""
        self.library_panel.setVisible(bool(visible))
        self.settings.library_visible = bool(visible)
        self.library_action.setChecked(bool(visible))

    # -- opening ------------------------------------------------------------------------------

    def choose_files(self) -> None:
        """Ask for files and open them."""
        files, _ = QFileDialog.getOpenFileNames(self, "Open", str(Path.home()), file_filter())
        if files:
            self.open_paths(files)

    def open_web_page(self) -> None:
        """Ask for a web address and import its article like a file."""
        from reader.ui.web_page import ask_web_address

        url = ask_web_address(self)
        if url:
            self.open_paths([url])

    def open_paths(self, files, open_first: bool = True) -> None:
        """Import files in the background; open the first article of the first one that reads."""
        pending = [str(f) for f in files]
        if not pending:
            return
        state = {"opened": not open_first}
        self.import_progress.setRange(0, 0)
        self.import_progress.show()
        self.status_label.setText(f"Importing {Path(pending[0]).name}…")

        def imported(result) -> None:
            self._finish_import()
            keys = self.shelf.accept(result)
            self._refresh_library()
            if keys and not state["opened"]:
                state["opened"] = True
                self.open_article(self.shelf.preferred(keys))

        for path in pending:
            operations.run_in_background(
                lambda report, p=path: self.shelf.read(p, report),
                on_success=imported,
                on_failure=lambda error: (self._finish_import(), self.report_error(error)),
                on_progress=self._import_progressed,
                serial="import",  # one at a time: each import's snapshot of the library includes the ones before
            )

    def _import_progressed(self, value) -> None:
        if isinstance(value, (int, float)) and 0 <= value <= 1:
            self.import_progress.setRange(0, 1000)
            self.import_progress.setValue(int(value * 1000))

    def _finish_import(self) -> None:
        if not operations.busy() or self.segmented:
            self.import_progress.hide()

    def paste_article(self) -> None:
        """The clipboard's text (or the text in its picture) becomes a new article, opened at once."""
        from reader.ui.picture_paste import clipboard_picture, open_picture

        text = QGuiApplication.clipboard().text()
        if text.strip():
            self.open_text(text)
        elif (picture := clipboard_picture()) is not None:
            open_picture(self, picture)
        else:
            self.status_label.setText("The clipboard holds no text or picture to paste.")

    def open_text(self, text: str) -> None:
        """Open ``text`` as a new article (pasted or dropped text)."""

        def imported(result) -> None:
            keys = self.shelf.accept(result)
            self._refresh_library()
            if keys:
                self.open_article(keys[0])

        operations.run_in_background(lambda report: self.shelf.read_text(text), on_success=imported,
                                     on_failure=self.report_error, serial="import")

    def open_start_page(self, files: list[str]) -> None:
        """At start-up: the files given; else the article read last; else the sample page."""
        if files:
            self.open_paths(files)
            return
        def loaded(result) -> None:
            self.shelf.accept(result)
            self._refresh_library()
            last = self.shelf.last_key()
            if last is not None and self.shelf.article(last) is not None:
                self.open_article(last)
            else:
                self.open_paths([str(paths.sample_path())])

        operations.run_in_background(self.shelf.load, on_success=loaded, on_failure=self.report_error, serial="import")

    def report_error(self, error: Exception) -> None:
        """One clear line: a message box in the window, stderr for --screenshot."""
        message = str(error) if isinstance(error, UserError) else f"{type(error).__name__}: {error}"
        self.failures.append(message)
        self.status_label.setText(message)
        self.import_failed.emit(message)
        if self.interactive:
            plain_text.show_warning(self, "Yuedu", message)

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        if (mime.hasUrls() and any(url.isLocalFile() for url in mime.urls())) or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        mime = event.mimeData()
        files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
        if files:
            self.open_paths(files)
            event.acceptProposedAction()
        elif mime.hasText() and mime.text().strip():
            self.open_text(mime.text())
            event.acceptProposedAction()

    def _refresh_library(self) -> None:
        self.library_panel.set_documents(self.shelf.documents(), self.current_key)
        QTimer.singleShot(0, self._profile_library)  # once the article opened with it has started segmenting

    def _profile_library(self) -> None:
        if self._segmenting is not None:  # the library's grading waits: it would take turns with the open text's
            self._profile_library_after_segmenting = True
            return
        self.library_difficulty.profile(self.library_panel.article_keys())

    def _show_difficulty(self) -> None:
        """The library's % known per article, for the statuses as they are now."""
        self.library_panel.set_difficulties(self.library_difficulty.figures(self._statuses))

    def open_article(self, key: str) -> None:
        """Show an article at once (plain), then segment it in the background."""
        article = self.shelf.article(key)
        if article is None:
            return
        if self.current_key is not None:
            self._store_position()
        self._cancel_segmentation()
        if key != self.current_key:
            self.panel.reset()  # the last article's word does not belong to this one
        self.current_key = key
        self.picture_pane.show_article(key)
        self.settings.last_article = key
        if not self._statuses_loaded and self.vocabulary() is not None:
            self._statuses_changed()
        self._blocks, self._block_paragraphs = article_blocks(article)
        self._counts = RunningCounts()
        self.view.set_blocks(self._blocks)
        self._position = self._block_of_paragraph(self.shelf.position(key))
        if self._position:
            self.view.scroll_to_block(self._position)
        self._store_position()  # opened now: the library reopens it next time
        self.update_title()
        self.library_panel.select(key)
        if not isinstance(QApplication.focusWidget(), QLineEdit):  # not while the reader types a search
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)  # PageDown and Space read on at once
        self.article_opened.emit(key)
        self._update_statistics()
        if self.view.isVisible():
            self.view.viewport().repaint()  # the text is on screen before the segmenter competes for the GIL
        self._segment(key)

    def update_title(self) -> None:
        """Name the open article (or its document) in the window's title."""
        article = self.shelf.article(self.current_key) if self.current_key else None
        if article is None:
            self.setWindowTitle("Yuedu")
            return
        title = article.title or self.shelf.document_title(self.current_key) or "Untitled"
        self.setWindowTitle(f"{title} — Yuedu")

    def close_article(self) -> None:
        """Show no article (the last one left the library)."""
        self._cancel_segmentation()
        self.current_key = None
        self._blocks, self._block_paragraphs = [], []
        self._counts = RunningCounts()
        self.view.set_blocks([])
        self.statistics_label.setText("")
        self.update_title()

    # -- segmentation -------------------------------------------------------------------------

    def _cancel_segmentation(self) -> None:
        if self._segmenting is not None:
            self._segmenting.cancel()
            self._stop_segmenting.set()
            self._segmenting = None
        self.segmented = False

    def word_level(self, word: str):
        """A word's HSK band and frequency for the hover card and the panel; None until the tables are loaded."""
        levels = self.session.levels
        return levels.level(word) if levels.loaded() else None

    def _segment(self, key: str) -> None:
        texts = [block.text for block in self._blocks]
        start = self._position
        order = list(range(start, len(texts))) + list(range(0, start))  # what the reader sees first
        stop = threading.Event()
        session = self.session
        if not session_annotator_ready(session):
            self.status_label.setText("Preparing the dictionary… (the text is readable now; hover works in a moment)")

        # the HSK tables wait until the text is segmented (0.1 s sooner to read), unless the tint needs them for
        # laying the words out
        levels_first = self.word_tints.mode() == "hsk" and not session.levels.loaded()

        def work(report):
            annotator = session.annotator
            annotator.segmenter.initialize()
            if levels_first:
                session.levels.prepare()
            # jieba's 500,000-word prefix dictionary never dies: keep full collections from walking it
            # (35 ms each, landing in a scroll frame) by moving it out of the collector's reach.
            gc.freeze()
            batch, last = [], time.perf_counter()
            for index in order:
                if stop.is_set():
                    return None
                operations.give_way()  # not while the window paints
                batch.append((index, annotator.annotate(texts[index])))
                if time.perf_counter() - last >= SEGMENT_BATCH_SECONDS:
                    report(batch)
                    batch, last = [], time.perf_counter()
            report(batch)
            return key

        self._stop_segmenting = stop
        self._segmenting = operations.run_in_background(
            work,
            on_success=self._segmentation_done,
            on_failure=self.report_error,
            on_progress=self._tokens_arrived,
            serial="segment",
        )

    def _tokens_arrived(self, batch) -> None:
        # The article's tokens live as long as it is open: out of the collector's reach as they arrive, or each full
        # collection walks all of them (a 2,000,000-character line: 0.1-0.4 s a time, in whichever thread runs it)
        gc.freeze()
        if batch and self.status_label.text().startswith("Preparing"):  # the first words are live: hover works
            self.status_label.setText("")
        for index, tokens in batch:
            if index < len(self._blocks):
                self._counts.replace(self._blocks[index].tokens, tokens)
                self._blocks[index].tokens = tokens
                self.view.set_block_tokens(index, tokens)

    def _segmentation_done(self, key) -> None:
        if key is None or key != self.current_key:
            return
        self._segmenting = None
        self.segmented = True
        if self._profile_library_after_segmenting:
            self._profile_library_after_segmenting = False
            self.library_difficulty.profile(self.library_panel.article_keys())
        if not self.session.levels.loaded():  # for the hover badge and the panel: after the text, off the UI thread
            operations.run_in_background(lambda report: self.session.levels.prepare(), serial="segment",
                                         on_success=lambda _: self.word_tints.tables_loaded())
        gc.freeze()  # the article's tokens live as long as it is open; full collections need not walk them
        self.import_progress.hide()
        if self.status_label.text().startswith("Preparing") or self.status_label.text().startswith("Importing"):
            self.status_label.setText("")
        self._update_statistics()
        self.segmentation_finished.emit(key)

    # -- reading ----------------------------------------------------------------------------

    def show_token(self, token) -> None:
        """Fill the dictionary panel with the word (a click, or Enter on the word cursor)."""
        if token is not None and getattr(token, "is_chinese", False):
            self.panel.show_word(token.text, token.numbered or None)

    def copy_selection(self) -> None:
        """Copy the text selected in the view."""
        text = self.view.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def _position_changed(self, block: int) -> None:
        self._position = block
        self._position_timer.start()

    def _block_of_paragraph(self, paragraph: int) -> int:
        if paragraph <= 0:
            return 0  # the top of the article, headline and all
        return next((i for i, p in enumerate(self._block_paragraphs) if p >= paragraph), max(0, len(self._blocks) - 1))

    def _paragraph_of_block(self, block: int) -> int:
        if block <= 0:
            return 0
        following = (p for p in self._block_paragraphs[block:] if p >= 0)
        return next(following, max([p for p in self._block_paragraphs if p >= 0], default=0))

    def _store_position(self) -> None:
        if self.current_key is None:
            return
        self._position_timer.stop()
        write = self.shelf.note_position(self.current_key, self._paragraph_of_block(self._position))
        if write is not None:  # the library busy in another program: said, and the position waits for the next move
            # in line with the library's other work, so a reload after it (an import, a merge) sees it
            operations.run_in_background(lambda _report: write(), on_failure=self._position_not_stored, serial="import")
        self.library_panel.set_progress(self.current_key, self.shelf.progress(self.current_key))

    def _position_not_stored(self, error: Exception) -> None:
        """A bound method, so a window closed meanwhile is not called back."""
        self.status_label.setText(str(error))

    def _update_statistics(self) -> None:
        if not any(block.tokens for block in self._blocks):
            self.statistics_label.setText(f"{sum(len(b.text) for b in self._blocks):,} characters")
            return
        figures = self._counts.stats(self._statuses)
        self.statistics_label.setText(figures.summary() if self.vocabulary() is not None else
                                      f"{figures.words:,} words · {figures.unique:,} unique")

    # -- vocabulary ----------------------------------------------------------------------------

    def vocabulary(self):
        """The vocabulary store, once the vocabulary issue has landed; else None."""
        if not hasattr(type(self.session), "vocabulary"):
            return None
        return self.session.vocabulary

    def _update_vocabulary_actions(self) -> None:
        available = hasattr(type(self.session), "vocabulary")
        for action in (self.save_word_action, *self.status_actions, self.known_action, self.ignore_action,
                       self.rest_known_action, self.vocabulary_window_action):
            action.setEnabled(available)
        self.export_action.setEnabled(_module_exists("reader.ui.export_dialog"))
        self.panel.set_saving_enabled(available)

    def _word_under_cursor(self):
        """(token, block index, token index) of the word cursor, or (None, -1, -1)."""
        token = self.view.current_token()
        if token is None or not token.is_chinese:
            return None, -1, -1
        for index, block in enumerate(self._blocks):
            for position, candidate in enumerate(block.tokens or ()):
                if candidate is token:
                    return token, index, position
        return None, -1, -1

    def _article_names(self) -> tuple[str | None, str | None]:
        article = self.shelf.article(self.current_key) if self.current_key else None
        document = self.shelf.document_title(self.current_key) if self.current_key else ""
        return (article.title if article else None), (document or None)

    def save_word(self, word: str | None = None, numbered: str | None = None, status=None) -> None:
        """Save a word (the one under the cursor by default) with its sentence and its reading there."""
        saving = self._saving(word, numbered, status)
        if saving is not None:
            word, change = saving
            name = f"Set {word} {status.step_name}" if status is not None else f"Save {word}"
            change_vocabulary(self, name, [word], lambda: _saved_message(change()), self._statuses_changed)

    def _saving(self, word: str | None, numbered: str | None, status):
        """(the word, a change that saves it) for the word asked for or under the cursor; None, said in the status bar."""
        from reader.core.vocabulary import reading_for, save_token

        vocabulary = self.vocabulary()
        if vocabulary is None:
            self.status_label.setText("Saving words needs the vocabulary store.")
            return None
        token, block, position = self._word_under_cursor()
        article, document = self._article_names()
        if article and token is not None and self._blocks[block].note:
            article = f"{article} {self._blocks[block].note}"  # a subtitle cue's time: the card's source says where
        if token is not None and (word is None or word in token.text):
            # met in the text: the sentence and the reading it has there (行 saved from 银行 is háng)
            word = word or token.text
            text, tokens = self._blocks[block].text, self._blocks[block].tokens
            return word, lambda: save_token(vocabulary, self.session.annotator, text, tokens, position, word=word,
                                            article=article, document=document, status=status)
        if word:
            def change():
                reading = reading_for(self.session.annotator, word, numbered or None)
                return vocabulary.add(word, reading.numbered, reading.definitions, None, status, reading.traditional)
            return word, change
        self.status_label.setText("Move the word cursor to a word first (click it or use the arrow keys).")
        return None

    def set_word_status(self, status) -> None:
        """Give the word under the cursor a status (1-5, "known", "ignored"), saving it first if need be."""
        from reader.core.models import Status

        vocabulary = self.vocabulary()
        if vocabulary is None:
            self.status_label.setText("Word statuses need the vocabulary store.")
            return
        status = Status({"known": Status.KNOWN, "ignored": Status.IGNORED}.get(status, status))
        saving = self._saving(None, None, status)
        if saving is None:
            return
        word, save = saving

        def change() -> str:
            # decided on the worker, after the changes queued before it: a word another program removed is saved again
            if word in vocabulary:
                vocabulary.set_status(word, status)
                return f"{word}: {status.label}"
            return _saved_message(save())

        change_vocabulary(self, f"Set {word} {status.step_name}", [word], change, self._statuses_changed)

    def mark_rest_known(self) -> None:
        """Every word of this article never saved becomes known (undo with Ctrl+Z)."""
        self.known_marking.mark_rest()

    def _statuses_changed(self, message: str = "") -> None:
        vocabulary = self.vocabulary()
        self._statuses = vocabulary.status_map() if vocabulary is not None else {}
        self._statuses_loaded = True
        self.view.set_status_lookup(self._statuses.get if vocabulary is not None else None)
        self.view.refresh()
        self._update_statistics()
        self._show_difficulty()
        if message:
            self.status_label.setText(message)

    def _after_undo(self) -> None:
        """A step was undone or redone: show the vocabulary, the learner's words and the library as they are now."""
        self.correction_actions.refresh()
        self._statuses_changed()
        self.library_actions.reload()
        if self.vocabulary_window is not None:
            self.vocabulary_window.reload()

    def open_prestudy(self) -> None:
        """Words › Words to Learn First for the open book (every article) or article."""
        from reader.ui.prestudy_dialog import PrestudyDialog

        if self.current_key is None or self.vocabulary() is None:
            return
        document_id = self.shelf.document_id(self.current_key)
        entry = next((d for d in self.shelf.documents() if d.key == str(document_id)), None)
        keys = [a.key for a in entry.articles] if entry is not None else [self.current_key]
        articles = [a for a in (self.shelf.article(key) for key in keys) if a is not None]
        if articles:
            self.prestudy_dialog = PrestudyDialog(self, articles, self.shelf.document_title(self.current_key),
                                                  dict(self._statuses))
            self.prestudy_dialog.show()

    def open_vocabulary_window(self) -> None:
        """Show the vocabulary list (one window, raised when already open)."""
        vocabulary = self.vocabulary()
        if vocabulary is None:
            return
        if self.vocabulary_window is None:
            from reader.ui.vocabulary_window import VocabularyWindow

            self.vocabulary_window = VocabularyWindow(vocabulary, self, self.session.undo)
            self.vocabulary_window.vocabulary_changed.connect(lambda: self._statuses_changed())
            self.vocabulary_window.resize(960, 620)
        self.vocabulary_window.show()
        self.vocabulary_window.raise_()
        self.vocabulary_window.activateWindow()

    def open_export_dialog(self) -> None:
        """Export the vocabulary as Anki cards."""
        from reader.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.session, self)
        dialog.export_finished.connect(self.status_label.setText)
        dialog.export_failed.connect(self.status_label.setText)
        self.export_dialog = dialog
        if self.interactive:
            dialog.open()

    # -- window events ------------------------------------------------------------------------

    def when_first_painted(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the reading view has painted its first frame with an article in it."""
        self._first_paint_callbacks.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and self._first_paint_callbacks
            and self._blocks
            and watched is self.view.viewport()
        ):
            callbacks, self._first_paint_callbacks = self._first_paint_callbacks, []
            for callback in callbacks:
                QTimer.singleShot(0, callback)
        return super().eventFilter(watched, event)

    def closeEvent(self, event) -> None:
        self._cancel_segmentation()
        try:
            self.save_settings()
        except UserError as error:  # a full or read-only disk: the window still closes, and says why on stderr
            print(f"yuedu: the window's settings were not saved: {error}", file=sys.stderr)
        super().closeEvent(event)

    def show_problems(self, problems: list[str]) -> None:
        """Tell the learner, in words, what was wrong with the data directory and what the window did about it."""
        problems = [p for p in problems if p and p not in self.startup_problems]
        if not problems:
            return
        self.startup_problems += problems
        self.status_label.setText(problems[-1])
        if self.interactive:
            QTimer.singleShot(0, lambda: plain_text.show_warning(self, "Yuedu", "\n\n".join(problems)))
        else:
            for problem in problems:
                print(f"yuedu: {problem}", file=sys.stderr)

    def grab_with_popups(self) -> QPixmap:
        """The window as drawn, with any popup (the hover card) painted where it shows."""
        pixmap = self.grab()
        with QPainter(pixmap) as painter:
            for widget in QApplication.topLevelWidgets():
                if widget is self or not widget.isVisible():
                    continue
                if widget.windowType() in (Qt.WindowType.ToolTip, Qt.WindowType.Popup, Qt.WindowType.Tool):
                    origin = self.mapFromGlobal(widget.mapToGlobal(QPoint(0, 0)))
                    painter.drawPixmap(origin, widget.grab())
        return pixmap


def _saved_message(saved) -> str:
    return f"Saved {saved.word} {saved.pinyin} ({saved.status.label})"


def _module_exists(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


def session_annotator_ready(session) -> bool:
    """Whether the session's annotator is built and its segmenter loaded."""
    annotator = session.__dict__.get("annotator")
    return annotator is not None and annotator.segmenter.ready


# -- running ----------------------------------------------------------------------------------------


def run(args) -> int:
    """Open the window on the given files (or the sample page) and run the event loop, or write a screenshot."""
    from reader.core.session import Session

    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Yuedu")
    app.setApplicationDisplayName("Yuedu")
    session = Session(data_dir=args.data_dir, dictionary_path=args.dictionary)
    problems = open_data_dir(session)
    instance = None
    if not args.screenshot:  # one window per data directory: a second start hands its files over and ends
        instance = single_instance.claim(session.data_dir)
        if instance is None:
            return single_instance.pass_on(session.data_dir, list(args.files))
    problems += open_stores(session)  # never fails: a damaged, read-only or full data directory is worked around
    settings = Settings.load(session.data_dir)
    window = MainWindow(session, settings, interactive=not args.screenshot)
    window.show_problems(problems)
    if args.screenshot:
        window.resize(*DEFAULT_SIZE)
        window.splitter.setSizes(DEFAULT_SPLITTER)
    if _trace_startup():
        window.when_first_painted(lambda: print(f"yuedu-first-paint {time.time():.6f} {time.perf_counter() - started:.3f}",
                                                file=sys.stderr, flush=True))
        window.segmentation_finished.connect(lambda _key: print(f"yuedu-segmented {time.time():.6f}", file=sys.stderr, flush=True))
    if args.screenshot:
        return _screenshot(app, window, list(args.files) or [str(paths.sample_path())], args)
    window.show()
    # the window draws first; reading the file and loading the dictionary follow on worker threads
    QTimer.singleShot(0, lambda: window.open_start_page(list(args.files)))
    single_instance.serve(instance, window)
    status = app.exec()
    instance.close()
    operations.shut_down(2000)  # no worker left running (or printing tracebacks) as the interpreter ends
    return status


def _trace_startup() -> bool:
    import os

    return bool(os.environ.get("YUEDU_TRACE_STARTUP"))


def _screenshot(app: QApplication, window: MainWindow, files: list[str], args) -> int:
    window.show()
    app.processEvents()
    window.open_paths(files)
    operations.wait_until_idle(120_000)
    if window.failures:
        for message in window.failures:
            print(f"yuedu: {message}", file=sys.stderr)
        return 2
    if window.current_key is not None and not window.segmented:
        print("yuedu: the text was not segmented in time", file=sys.stderr)
        return 2
    if args.select:
        token = window.view.select_first(args.select)
        if token is None:
            print(f"yuedu: {args.select!r} does not occur in the text", file=sys.stderr)
            return 2
        window.show_token(token)
        operations.wait_until_idle(10_000)  # the example sentences
    for _ in range(5):
        app.processEvents()
    pixmap = window.grab_with_popups()
    if not pixmap.save(args.screenshot, "PNG"):
        print(f"yuedu: {args.screenshot}: cannot write the PNG", file=sys.stderr)
        return 2
    return 0
