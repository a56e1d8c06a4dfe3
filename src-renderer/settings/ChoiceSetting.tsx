import { useId, useState } from 'react';
import { Icon } from '../accounts/Icon';

// Issue 15: a setting as a set of choices that saves itself the moment it
// changes, with an inline ✓ (VS Code, Linear). A failed save says why next to
// the field and marks it invalid; focus stays on the field throughout.

export interface Choice {
  value: number;
  label: string;
}

export function ChoiceSetting({
  label,
  hint,
  value,
  choices,
  save,
}: {
  label: string;
  hint?: string;
  value: number;
  choices: Choice[];
  /** Resolves to an error message, or null when saved. */
  save(value: number): Promise<string | null>;
}) {
  const id = useId();
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({
    kind: 'idle',
  });
  // A value set elsewhere (older versions allowed any number) stays selectable.
  const all = choices.some((c) => c.value === value) ? choices : [...choices, { value, label: `${value} (custom)` }];
  return (
    <div className="choice-setting">
      <label htmlFor={`${id}-select`}>{label}</label>
      {hint && (
        <p className="muted hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="choice-row">
        <select
          id={`${id}-select`}
          defaultValue={value}
          aria-describedby={[hint ? `${id}-hint` : '', `${id}-state`].filter(Boolean).join(' ')}
          aria-invalid={state.kind === 'error' || undefined}
          onChange={async (e) => {
            setState({ kind: 'saving' });
            const error = await save(Number(e.target.value));
            setState(error ? { kind: 'error', message: error } : { kind: 'saved' });
          }}
        >
          {all.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        <span id={`${id}-state`} className={`save-state save-${state.kind}`} role="status">
          {state.kind === 'saving' && 'Saving…'}
          {state.kind === 'saved' && (
            <>
              <Icon name="check" /> Saved
            </>
          )}
          {state.kind === 'error' && state.message}
        </span>
      </div>
    </div>
  );
}
