"""The language server: LSP over stdio or TCP, a thin layer over the engine."""
