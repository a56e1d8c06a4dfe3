import { createHash } from 'node:crypto';
import type { ExportRecord } from './export-records';
import { isoWithOffset } from './iso-offset';

// Issue 12: FHIR R4 Observation resources (vital-signs profile where it
// applies), one per line, for the metrics that have a LOINC code. Each
// Observation carries an identifier naming the provider and its record, so a
// re-import can find duplicates; the subject is the Omnio account (an
// identifier, as there is no Patient resource to point at). Blood pressure is
// one 85354-9 panel with its systolic and diastolic components. Records with
// no LOINC code here (scores, workouts, profiles) are not in this format: the
// JSON and CSV exports carry them.

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';

interface Code {
  code: string;
  display: string;
  unit: string;
  ucum: string;
  category: 'vital-signs' | 'activity';
}

const HEART_RATE: Code = {
  code: '8867-4',
  display: 'Heart rate',
  unit: 'beats/minute',
  ucum: '/min',
  category: 'vital-signs',
};
const WEIGHT: Code = { code: '29463-7', display: 'Body weight', unit: 'kg', ucum: 'kg', category: 'vital-signs' };
const BODY_FAT: Code = {
  code: '41982-0',
  display: 'Percentage of body fat Measured',
  unit: '%',
  ucum: '%',
  category: 'vital-signs',
};
const SPO2: Code = {
  code: '59408-5',
  display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
  unit: '%',
  ucum: '%',
  category: 'vital-signs',
};
const STEPS: Code = {
  code: '55423-8',
  display: 'Number of steps',
  unit: 'steps',
  ucum: '{steps}',
  category: 'activity',
};
const SLEEP: Code = { code: '93832-4', display: 'Sleep duration', unit: 'h', ucum: 'h', category: 'activity' };
const BP_PANEL = { code: '85354-9', display: 'Blood pressure panel with all children optional' };
const SYSTOLIC = { code: '8480-6', display: 'Systolic blood pressure' };
const DIASTOLIC = { code: '8462-4', display: 'Diastolic blood pressure' };

/** Measurement kinds (store) → LOINC. */
const MEASUREMENT_CODES: Record<string, Code> = {
  weight: WEIGHT,
  fat_ratio: BODY_FAT,
  body_fat: BODY_FAT,
  spo2: SPO2,
  heart_pulse: HEART_RATE,
};

export type Observation = Record<string, unknown> & { resourceType: 'Observation' };

export function fhirObservations(): { push(r: ExportRecord): Observation[]; flush(): Observation[] } {
  // Systolic and diastolic of one reading arrive next to each other (measurements are read by instant).
  let bp: { key: string; base: ExportRecord; systolic: number | null; diastolic: number | null } | null = null;
  const flushBp = (): Observation[] => {
    if (!bp) return [];
    const { base, systolic, diastolic } = bp;
    bp = null;
    const component = [
      ...(systolic === null ? [] : [{ code: coding(SYSTOLIC), valueQuantity: quantity(systolic, 'mmHg', 'mm[Hg]') }]),
      ...(diastolic === null
        ? []
        : [{ code: coding(DIASTOLIC), valueQuantity: quantity(diastolic, 'mmHg', 'mm[Hg]') }]),
    ];
    return [
      {
        ...observation(base, 'vital-signs', BP_PANEL, `blood_pressure:${base.accountId}:${base.time}`),
        effectiveDateTime: isoWithOffset(base.time!, base.utcOffsetMin),
        component,
      },
    ];
  };
  return {
    push(r) {
      const out: Observation[] = [];
      if (r.type === 'measurement' && (r.kind === 'bp_systolic' || r.kind === 'bp_diastolic')) {
        const key = `${r.accountId}\u0000${r.time}`;
        if (bp && bp.key !== key) out.push(...flushBp());
        bp ??= { key, base: r, systolic: null, diastolic: null };
        if (r.kind === 'bp_systolic') bp.systolic = r.value;
        else bp.diastolic = r.value;
        return out;
      }
      out.push(...flushBp());
      const one = single(r);
      if (one) out.push(one);
      return out;
    },
    flush: flushBp,
  };
}

function single(r: ExportRecord): Observation | null {
  if (r.type === 'sample' && r.kind === 'heart_rate' && r.value !== null)
    return instant(r, HEART_RATE, r.value, r.recordId);
  if (r.type === 'measurement' && r.value !== null) {
    const code = MEASUREMENT_CODES[r.kind];
    return code ? instant(r, code, r.value, r.recordId) : null;
  }
  if (r.type === 'daily' && r.data && r.localDate) {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    if (typeof data.steps === 'number') return day(r, STEPS, data.steps, 'steps');
    if (typeof data.averageSpo2 === 'number') return day(r, SPO2, data.averageSpo2, 'spo2');
    return null;
  }
  if (r.type === 'session' && r.category === 'sleep' && r.data && r.time !== null && r.endTime !== null) {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    if (typeof data.totalSleepS !== 'number') return null;
    return {
      ...observation(r, SLEEP.category, SLEEP, `${r.kind}:${r.recordId}`),
      effectivePeriod: { start: isoWithOffset(r.time, r.utcOffsetMin), end: isoWithOffset(r.endTime, r.utcOffsetMin) },
      valueQuantity: quantity(round(data.totalSleepS / 3600, 4), SLEEP.unit, SLEEP.ucum),
    };
  }
  return null;
}

function instant(r: ExportRecord, code: Code, value: number, id: string): Observation {
  return {
    ...observation(r, code.category, code, `${r.kind}:${id}`),
    effectiveDateTime: isoWithOffset(r.time!, r.utcOffsetMin),
    valueQuantity: quantity(value, code.unit, code.ucum),
  };
}

/** A daily total: the person's local day as a period at the record's offset. */
function day(r: ExportRecord, code: Code, value: number, what: string): Observation {
  const start = Date.parse(`${r.localDate}T00:00:00Z`) - (r.utcOffsetMin ?? 0) * 60_000;
  return {
    ...observation(r, code.category, code, `${r.kind}:${r.recordId}:${what}`),
    effectivePeriod: {
      start: isoWithOffset(start, r.utcOffsetMin),
      end: isoWithOffset(start + 86_400_000 - 1000, r.utcOffsetMin),
    },
    valueQuantity: quantity(value, code.unit, code.ucum),
  };
}

function observation(
  r: ExportRecord,
  category: 'vital-signs' | 'activity',
  code: { code: string; display: string },
  identifier: string,
): Observation {
  const system = `urn:omnio:${r.providerId}`;
  return {
    resourceType: 'Observation',
    // A FHIR id is at most 64 characters of [A-Za-z0-9-.]: a digest of the identifier, stable across exports.
    id: createHash('sha1').update(`${system}|${identifier}`).digest('hex'),
    meta: { profile: category === 'vital-signs' ? ['http://hl7.org/fhir/StructureDefinition/vitalsigns'] : [] },
    identifier: [{ system, value: identifier }],
    status: 'final',
    category: [
      {
        coding: [
          { system: CATEGORY_SYSTEM, code: category, display: category === 'vital-signs' ? 'Vital Signs' : 'Activity' },
        ],
      },
    ],
    code: coding(code),
    subject: { identifier: { system: 'urn:omnio:account', value: r.accountId } },
  };
}

function coding(code: { code: string; display: string }) {
  return { coding: [{ system: LOINC, code: code.code, display: code.display }], text: code.display };
}

function quantity(value: number, unit: string, ucum: string) {
  return { value, unit, system: UCUM, code: ucum };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
