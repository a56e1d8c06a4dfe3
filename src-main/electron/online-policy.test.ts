import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { watchOnline } from './online-policy';

describe('watchOnline', () => {
  it('reports the first state, then only changes, until stopped', async () => {
    let online = true;
    const seen: boolean[] = [];
    const watch = watchOnline({ isOnline: () => online, onChange: (v) => seen.push(v), intervalMs: 5 });
    await sleep(30);
    online = false;
    await sleep(30);
    online = true;
    await sleep(30);
    watch.stop();
    online = false;
    await sleep(30);
    expect(seen).toEqual([true, false, true]);
  });
});
