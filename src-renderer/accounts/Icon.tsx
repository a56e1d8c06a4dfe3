// Issue 15: the few icons the Sources screen uses, inline so they follow
// currentColor in both themes. Always aria-hidden: a word next to each carries
// the meaning, colour and shape only repeat it.

export type IconName = 'dot' | 'spinner' | 'warning' | 'off' | 'offline' | 'info' | 'check' | 'more' | 'close' | 'lock';

const PATHS: Record<IconName, React.ReactNode> = {
  dot: <circle cx="8" cy="8" r="5" fill="currentColor" />,
  spinner: <path d="M8 2a6 6 0 1 0 6 6" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />,
  warning: (
    <>
      <path d="M8 1.5 15 14H1z" fill="currentColor" />
      <path d="M8 6v4M8 11.6v.2" stroke="var(--icon-on-fill, #fff)" strokeWidth="1.6" strokeLinecap="round" />
    </>
  ),
  off: <circle cx="8" cy="8" r="5" fill="none" stroke="currentColor" strokeWidth="2" />,
  offline: (
    <>
      <path
        d="M4.5 12.5h7a3 3 0 0 0 .4-6A4 4 0 0 0 4.3 7 2.8 2.8 0 0 0 4.5 12.5z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
      />
      <path d="M2 2l12 12" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </>
  ),
  info: (
    <>
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M8 7.2v4M8 4.6v.2" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
    </>
  ),
  check: <path d="M3 8.5 6.5 12 13 4.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />,
  more: (
    <>
      <circle cx="3" cy="8" r="1.5" fill="currentColor" />
      <circle cx="8" cy="8" r="1.5" fill="currentColor" />
      <circle cx="13" cy="8" r="1.5" fill="currentColor" />
    </>
  ),
  close: <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />,
  lock: (
    <>
      <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </>
  ),
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      className={`icon icon-${name}${className ? ` ${className}` : ''}`}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
