import type { ButtonHTMLAttributes } from 'react';

// Issue 15: a button that stays focusable while its work runs. `disabled` on
// the focused button drops focus to <body>; aria-disabled keeps it in place,
// says it cannot be pressed now, and the label says what is happening.

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> & {
  busy?: boolean;
  /** Shown instead of the children while busy, e.g. "Signing in…". */
  busyLabel?: string;
  /** Not pressable for another reason (nothing chosen, rate limited): also aria-disabled. */
  unavailable?: boolean;
};

export function BusyButton({ busy = false, busyLabel, unavailable = false, onClick, children, ...rest }: Props) {
  const inert = busy || unavailable;
  return (
    <button
      {...rest}
      aria-disabled={inert || undefined}
      aria-busy={busy || undefined}
      onClick={(e) => {
        // A submit button must not submit either: the form's handler never sees the press.
        if (inert) return e.preventDefault();
        onClick?.(e);
      }}
    >
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
