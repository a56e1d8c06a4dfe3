import { useEffect, type ReactNode } from 'react';
import { formatDate, pan, RANGE_LABELS, RANGES, type RangeId, type TimeWindow } from './ranges';

/**
 * Day / Week / Month / Year / All, ‹ › and the dates shown. Keys anywhere on the page (outside a
 * text field or a focused chart): 1–5 pick a range, ←/→ move by one window.
 */
export function RangeToolbar(props: {
  range: RangeId;
  window: TimeWindow;
  onRange: (r: RangeId) => void;
  onWindow: (w: TimeWindow) => void;
  children?: ReactNode;
}) {
  const { range, window: win, onRange, onWindow } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if (t && (t.closest('input, textarea, select, [contenteditable], dialog') || t.classList.contains('time-chart')))
        return;
      const n = Number(e.key);
      if (n >= 1 && n <= RANGES.length) onRange(RANGES[n - 1]!);
      else if (e.key === 'ArrowLeft') onWindow(pan(win, -1));
      else if (e.key === 'ArrowRight') onWindow(pan(win, 1));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [win, onRange, onWindow]);
  return (
    <div className="range-toolbar">
      <div className="range-buttons" role="group" aria-label="Range">
        {RANGES.map((r, i) => (
          <button
            key={r}
            type="button"
            aria-pressed={r === range}
            aria-keyshortcuts={String(i + 1)}
            onClick={() => onRange(r)}
          >
            {RANGE_LABELS[r]}
          </button>
        ))}
      </div>
      <button type="button" aria-label="Earlier" aria-keyshortcuts="ArrowLeft" onClick={() => onWindow(pan(win, -1))}>
        ‹
      </button>
      <span className="range-dates" data-testid="range-dates">
        {formatDate(win.from)} – {formatDate(win.to - 1)}
      </span>
      <button type="button" aria-label="Later" aria-keyshortcuts="ArrowRight" onClick={() => onWindow(pan(win, 1))}>
        ›
      </button>
      {props.children}
    </div>
  );
}
