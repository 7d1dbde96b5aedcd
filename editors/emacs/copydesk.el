;;; copydesk.el --- Editorial linting for news copy, through eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: wp, languages

;;; Commentary:

;; Starts `copydesk serve' with eglot in plain-text and Markdown buffers.  Findings appear through
;; Flymake; quick fixes through `eglot-code-actions' (and `eglot-code-action-quickfix').
;;
;;   (add-to-list 'load-path "/path/to/copydesk/editors/emacs")
;;   (require 'copydesk)
;;   (copydesk-setup)

;;; Code:

(require 'cl-lib)
(require 'eglot)

(defgroup copydesk nil
  "Editorial linting for news copy."
  :group 'tools
  :prefix "copydesk-")

(defcustom copydesk-server-command '("copydesk" "serve")
  "How to start the language server.
With copydesk installed in a particular interpreter:
  (\"/path/to/python\" \"-m\" \"copydesk\" \"serve\")."
  :type '(repeat string))

(defcustom copydesk-modes '(text-mode markdown-mode gfm-mode)
  "Major modes copydesk lints.  Only these exact modes: modes merely derived from
`text-mode' (Org, commit messages, ...) are left alone."
  :type '(repeat symbol))

(defcustom copydesk-settings nil
  "The server's settings (section `copydesk'), a plist with vectors for arrays:
  (:select [\"attribution\" \"quotes\"] :severity (:hyphen-as-dash \"info\")
   :house (:country_form \"US\") :lint_on \"save\" :debounce 300
   :config_file \"/newsroom/.copydesk.toml\")
nil leaves every choice to the project's .copydesk.toml.  They reach the
server as its initializationOptions: after changing them, \\[eglot-reconnect]."
  :type 'sexp)

(defconst copydesk--install-hint
  "Install copydesk into Python 3.11 or later (`pip install .' in a copydesk checkout), or set \
`copydesk-server-command' to (\"/path/to/python\" \"-m\" \"copydesk\" \"serve\")")

(defun copydesk--contact (&optional _interactive)
  "The eglot contact for copydesk: the command and its initializationOptions."
  (unless (executable-find (car copydesk-server-command))
    (user-error "copydesk: `%s' was not found.  %s" (car copydesk-server-command) copydesk--install-hint))
  (append copydesk-server-command (list :initializationOptions copydesk-settings)))

(defun copydesk-maybe-start ()
  "Start eglot with copydesk here if the major mode is one of `copydesk-modes'."
  (when (memq major-mode copydesk-modes)
    (eglot-ensure)))

;;;###autoload
(defun copydesk-setup ()
  "Lint the buffers of `copydesk-modes' with copydesk, through eglot."
  ;; One entry for all the modes, so that one server serves their buffers, each with its languageId.
  (add-to-list 'eglot-server-programs
               (cons (mapcar (lambda (mode)
                               (list mode :language-id
                                     (if (memq mode '(markdown-mode gfm-mode)) "markdown" "plaintext")))
                             copydesk-modes)
                     #'copydesk--contact))
  (add-hook 'text-mode-hook #'copydesk-maybe-start)
  (add-hook 'markdown-mode-hook #'copydesk-maybe-start))

(provide 'copydesk)
;;; copydesk.el ends here
