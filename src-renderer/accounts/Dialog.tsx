import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the native <dialog> element: focus moves into it, Escape
 * closes it, and focus returns to where it was — keyboard users are never
 * stranded.
 */
export function Dialog({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = ref.current;
    const previous = document.activeElement as HTMLElement | null;
    if (el && !el.open) el.showModal();
    return () => previous?.focus?.();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-label={title}
      data-focus-scope
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {/* Issue 15: where focus lands if the control that had it goes away while the dialog stays. */}
      <h2 className="dialog-title" tabIndex={-1} data-focus-heading>
        {title}
      </h2>
      {children}
    </dialog>
  );
}
