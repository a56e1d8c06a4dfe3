import type { ReactNode } from 'react';

/** The bottom of every dialog: the last error in words, then Cancel and the dialog's own action buttons. */
export function DialogFooter({
  error,
  onCancel,
  children,
}: {
  error: string | null;
  onCancel(): void;
  children: ReactNode;
}) {
  return (
    <>
      {error && (
        <p role="alert" className="error">
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
