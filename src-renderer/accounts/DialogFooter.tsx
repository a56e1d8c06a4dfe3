import type { ReactNode } from 'react';

/** The bottom of every dialog: the last error in words, then Cancel and the dialog's own action buttons. */
export function DialogFooter({
  error,
  errorId,
  onCancel,
  children,
}: {
  error: string | null;
  /** Issue 15: lets the field in error point at the message (aria-describedby). */
  errorId?: string;
  onCancel(): void;
  children: ReactNode;
}) {
  return (
    <>
      {error && (
        <p role="alert" className="error" id={errorId}>
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {children}
      </div>
    </>
  );
}
