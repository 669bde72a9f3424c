"""The PySide6 face of the desk: counter window, kiosk, display board, dialogs."""
