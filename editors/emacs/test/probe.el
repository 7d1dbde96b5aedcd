;;; probe.el --- Drive Emacs + eglot + copydesk headless, as a reporter would  -*- lexical-binding: t; -*-

;; emacs --batch -l probe.el
;; Environment: COPYDESK_PLUGIN (editors/emacs), COPYDESK_CMD (JSON list), COPYDESK_STORY (file),
;; COPYDESK_SETTINGS (JSON, becomes `copydesk-settings'),
;; COPYDESK_FIX (JSON {offset, title}: the finding's start and the quick fix to pick),
;; COPYDESK_PROBE_OUT (where the JSON report goes).
;; The story is visited, copydesk attaches through eglot, Flymake shows the diagnostics, a quick fix is
;; picked from `eglot-code-actions', the buffer changes and the server re-lints.

(require 'cl-lib)
(require 'json)

(defvar probe-published 0)
(defvar probe-version nil)
(defvar probe-offered nil)

(defvar probe-early 0)

(defun probe-count (_server method &rest args)
  ;; A publish the server announced as early (sent while its model loads) is not counted: the
  ;; complete one for the same version follows.
  (cond ((and (eq method 'window/logMessage)
              (string-search "early diagnostics while the spaCy model loads" (plist-get args :message)))
         (cl-incf probe-early))
        ((and (eq method 'textDocument/publishDiagnostics) (> probe-early 0))
         (cl-decf probe-early))
        ((eq method 'textDocument/publishDiagnostics)
         (cl-incf probe-published)
         (setq probe-version (plist-get args :version)))))

(defun probe-wait (what pred seconds)
  ;; accept-process-output also runs timers: eglot sends didChange from one.
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless (funcall pred)
      (error "Timed out waiting for %s (%d published, last for version %s, buffer at %s)"
             what probe-published probe-version eglot--versioned-identifier))))

(defun probe-settled ()
  (and (> probe-published 0) (equal probe-version eglot--versioned-identifier)))

(defun probe-diagnostics ()
  ;; eglot hands diagnostics to Flymake; in batch mode nothing starts Flymake's cycle for us.
  (flymake-start)
  (mapcar (lambda (d)
            (let ((lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))))
              `((start . ,(1- (flymake-diagnostic-beg d)))
                (end . ,(1- (flymake-diagnostic-end d)))
                (text . ,(flymake-diagnostic-text d))
                (type . ,(symbol-name (flymake-diagnostic-type d)))
                (code . ,(plist-get lsp :code))
                (message . ,(plist-get lsp :message)))))
          (flymake-diagnostics)))

(defun probe-run ()
  ;; What an interactive Emacs does at startup and batch mode skips: installed packages' autoloads,
  ;; such as markdown-mode's entry in auto-mode-alist.
  (package-activate-all)
  (add-to-list 'load-path (getenv "COPYDESK_PLUGIN"))
  (require 'copydesk)
  (setq copydesk-server-command (append (json-read-from-string (getenv "COPYDESK_CMD")) nil))
  (setq copydesk-settings (let ((json-object-type 'plist) (json-array-type 'vector))
                            (json-read-from-string (or (getenv "COPYDESK_SETTINGS") "null"))))
  (copydesk-setup)
  (advice-add 'eglot-handle-notification :after #'probe-count)
  (find-file (getenv "COPYDESK_STORY"))
  ;; What the command loop does after the command that visited the file: eglot-ensure connects then.
  (run-hooks 'post-command-hook)
  (probe-wait "the server" (lambda () (eglot-current-server)) 60)
  (probe-wait "diagnostics for the opened story" #'probe-settled 120)
  (let* ((fix (json-read-from-string (getenv "COPYDESK_FIX")))
         (report `((mode . ,(symbol-name major-mode)) (before . ,(vconcat (probe-diagnostics))))))
    (goto-char (1+ (alist-get 'offset fix)))
    (advice-add 'eglot--read-execute-code-action :before
                (lambda (actions &rest _)
                  (setq probe-offered (mapcar (lambda (a) (plist-get a :title)) actions))))
    ;; The reporter runs M-x eglot-code-actions from the keyboard and picks the fix by its title.
    (let ((last-nonmenu-event ?\r)
          (tick (buffer-modified-tick)))
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (_prompt _items &rest _) (alist-get 'title fix))))
        (eglot-code-actions (point) nil "quickfix" t))
      (probe-wait "the quick fix to change the buffer" (lambda () (/= tick (buffer-modified-tick))) 30))
    ;; eglot sends didChange from an idle timer, and batch Emacs is never idle: fire that timer as a
    ;; pause in typing would.
    (when eglot--change-idle-timer
      (timer-event-handler eglot--change-idle-timer))
    (probe-wait "diagnostics for the fixed version" #'probe-settled 60)
    (push `(after . ,(vconcat (probe-diagnostics))) report)
    (push `(offered . ,(vconcat probe-offered)) report)
    (push `(text . ,(buffer-substring-no-properties (point-min) (point-max))) report)
    (push `(published . ,probe-published) report)
    (set-buffer-modified-p nil)
    (eglot-shutdown (eglot-current-server))
    report))

(let ((report (condition-case err
                  (probe-run)
                (error `((error . ,(error-message-string err)))))))
  (with-temp-file (getenv "COPYDESK_PROBE_OUT")
    (insert (json-encode report)))
  (kill-emacs 0))

;;; probe.el ends here
