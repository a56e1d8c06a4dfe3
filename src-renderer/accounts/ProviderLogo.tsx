import type { ProviderId } from '../../src-shared/providers';

// Issue 15: a 32 px mark per source in the source's fixed colour (never a
// status colour), with its initial in white at ≥ 4.5:1. Decorative: the name
// is always written next to it.

const MARK: Record<ProviderId, { color: string; letter: string }> = {
  oura: { color: '#6741D9', letter: 'O' },
  whoop: { color: '#C2410C', letter: 'W' },
  withings: { color: '#0B7285', letter: 'W' },
  garmin: { color: '#495057', letter: 'G' },
};

export function ProviderLogo({ providerId }: { providerId: ProviderId }) {
  const m = MARK[providerId];
  return (
    <span className="provider-logo" style={{ background: m.color }} aria-hidden="true">
      {m.letter}
    </span>
  );
}
