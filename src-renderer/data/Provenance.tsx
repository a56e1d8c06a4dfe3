import type { RecordProvenance } from '../../src-shared/data/columns';

/** Where a value came from: the provider's record, as it was fetched. */
export function Provenance(props: { record: RecordProvenance | { error: string }; onClose: () => void }) {
  const r = props.record;
  return (
    <section className="provenance" aria-label="Source record" role="region">
      <div className="provenance-head">
        <h3>Source record</h3>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {'error' in r ? (
        <p className="error">{r.error}</p>
      ) : (
        <>
          <p>
            <code>{r.kind}</code> · record <code>{r.recordId}</code>
            {r.localDate ? ` · local date ${r.localDate}` : ''} · stored {new Date(r.updatedAt).toLocaleString('en-GB')}
          </p>
          <pre className="provenance-raw">{prettyJson(r.raw)}</pre>
        </>
      )}
    </section>
  );
}

function prettyJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}
