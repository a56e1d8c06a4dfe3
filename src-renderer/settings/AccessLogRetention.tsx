import { useEffect, useState } from 'react';
import { api } from '../bridge';

// Issue 12: how long the access log keeps its entries (default 90 days).
export function AccessLogRetention() {
  const [days, setDays] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.getAccessLogRetention({}).then((r) => (r.ok ? setDays(r.value.retentionDays) : setError(r.error.message)));
  }, []);
  if (days === null) return error ? <p role="alert">{error}</p> : null;
  return (
    <form
      className="settings-form"
      aria-label="Access log"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        const value = Number(new FormData(e.currentTarget).get('retention'));
        void api.setAccessLogRetention({ days: value }).then((r) => {
          if (r.ok) {
            setDays(r.value.retentionDays);
            setSaved(true);
            setError(null);
          } else setError(r.error.message);
        });
      }}
    >
      <h3>Access log</h3>
      <p>Every request Omnio makes to a provider is listed in the account’s Access log. Older entries are removed.</p>
      <label>
        Keep entries for (days)
        <input name="retention" type="number" min={1} max={3650} defaultValue={days} required />
      </label>
      <button type="submit">Save</button>
      {saved && <span role="status">Saved.</span>}
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
