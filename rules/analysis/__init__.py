"""The readings of the text that several rules share: word lists (lexicon), quotation marks (quotes),
courtesy and official titles (titles), who says what (attribution), name keys (folding), the house
gazetteer, and capitals and headlines (capitals). Each is a pure function of a paragraph (and its
parse) or of a story's per-paragraph results. Rules import these and the rule API, never each other."""
