// Structural checks of a FHIR R4 Observation (https://hl7.org/fhir/R4/observation.html)
// and of the vital-signs profile's required elements, for the export tests.
// Returns the problems found (empty when the resource passes). Regular
// expressions are the R4 datatype definitions (id, dateTime).

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const DATE_TIME =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?)?)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)?)?)?$/;
const STATUS = new Set([
  'registered',
  'preliminary',
  'final',
  'amended',
  'corrected',
  'cancelled',
  'entered-in-error',
  'unknown',
]);
/** Observation's elements in R4 (value[x] and effective[x] as the choices used here and their siblings). */
const ELEMENTS = new Set([
  'resourceType',
  'id',
  'meta',
  'implicitRules',
  'language',
  'text',
  'contained',
  'extension',
  'modifierExtension',
  'identifier',
  'basedOn',
  'partOf',
  'status',
  'category',
  'code',
  'subject',
  'focus',
  'encounter',
  'effectiveDateTime',
  'effectivePeriod',
  'effectiveTiming',
  'effectiveInstant',
  'issued',
  'performer',
  'valueQuantity',
  'valueCodeableConcept',
  'valueString',
  'valueBoolean',
  'valueInteger',
  'valueRange',
  'valueRatio',
  'valueSampledData',
  'valueTime',
  'valueDateTime',
  'valuePeriod',
  'dataAbsentReason',
  'interpretation',
  'note',
  'bodySite',
  'method',
  'specimen',
  'device',
  'referenceRange',
  'hasMember',
  'derivedFrom',
  'component',
]);

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function codeableConcept(v: unknown, where: string, problems: string[], system?: string): void {
  if (!isObj(v) || !Array.isArray(v.coding) || v.coding.length === 0) {
    problems.push(`${where}: CodeableConcept with coding[] required`);
    return;
  }
  for (const [i, c] of v.coding.entries()) {
    if (!isObj(c) || typeof c.system !== 'string' || typeof c.code !== 'string' || c.code.trim() !== c.code)
      problems.push(`${where}.coding[${i}]: system and code required`);
    else if (system && c.system !== system) problems.push(`${where}.coding[${i}].system must be ${system}`);
    else if (c.display !== undefined && typeof c.display !== 'string') problems.push(`${where}.coding[${i}].display`);
  }
}

function quantity(v: unknown, where: string, problems: string[]): void {
  if (!isObj(v)) return void problems.push(`${where}: Quantity required`);
  if (typeof v.value !== 'number' || !Number.isFinite(v.value)) problems.push(`${where}.value must be a number`);
  if (typeof v.unit !== 'string') problems.push(`${where}.unit required`);
  if (v.system !== 'http://unitsofmeasure.org') problems.push(`${where}.system must be UCUM`);
  if (typeof v.code !== 'string' || v.code === '') problems.push(`${where}.code (UCUM) required`);
}

export function validateObservation(o: Json): string[] {
  const problems: string[] = [];
  if (o.resourceType !== 'Observation') problems.push('resourceType must be Observation');
  for (const k of Object.keys(o)) if (!ELEMENTS.has(k)) problems.push(`unknown element ${k}`);
  if (o.id !== undefined && (typeof o.id !== 'string' || !ID.test(o.id))) problems.push('id is not a FHIR id');
  if (typeof o.status !== 'string' || !STATUS.has(o.status)) problems.push('status required (ObservationStatus)');
  if (
    !Array.isArray(o.identifier) ||
    !o.identifier.every((i) => isObj(i) && typeof i.system === 'string' && typeof i.value === 'string')
  )
    problems.push('identifier[] with system and value expected');
  if (!Array.isArray(o.category) || o.category.length === 0) problems.push('category required (vital-signs profile)');
  else
    o.category.forEach((c, i) =>
      codeableConcept(c, `category[${i}]`, problems, 'http://terminology.hl7.org/CodeSystem/observation-category'),
    );
  codeableConcept(o.code, 'code', problems, 'http://loinc.org');
  const subject = o.subject;
  if (!isObj(subject) || (typeof subject.reference !== 'string' && !isObj(subject.identifier)))
    problems.push('subject reference or identifier required');
  const effective = ['effectiveDateTime', 'effectivePeriod', 'effectiveTiming', 'effectiveInstant'].filter(
    (k) => k in o,
  );
  if (effective.length !== 1) problems.push('exactly one effective[x] required');
  if ('effectiveDateTime' in o && (typeof o.effectiveDateTime !== 'string' || !DATE_TIME.test(o.effectiveDateTime)))
    problems.push('effectiveDateTime is not a FHIR dateTime');
  if ('effectivePeriod' in o) {
    const p = o.effectivePeriod;
    if (!isObj(p) || typeof p.start !== 'string' || !DATE_TIME.test(p.start)) problems.push('effectivePeriod.start');
    else if (
      p.end !== undefined &&
      (typeof p.end !== 'string' || !DATE_TIME.test(p.end) || Date.parse(p.end) < Date.parse(p.start))
    )
      problems.push('effectivePeriod.end');
  }
  const values = Object.keys(o).filter((k) => k.startsWith('value'));
  if (values.length > 1) problems.push('at most one value[x]');
  if ('valueQuantity' in o) quantity(o.valueQuantity, 'valueQuantity', problems);
  if ('component' in o) {
    if (!Array.isArray(o.component) || o.component.length === 0) problems.push('component[] must not be empty');
    else
      o.component.forEach((c, i) => {
        if (!isObj(c)) return void problems.push(`component[${i}]`);
        codeableConcept(c.code, `component[${i}].code`, problems, 'http://loinc.org');
        quantity(c.valueQuantity, `component[${i}].valueQuantity`, problems);
      });
  }
  // vs-2: a vital sign has a value, components, or a reason for having none.
  if (values.length === 0 && !('component' in o) && !('dataAbsentReason' in o))
    problems.push('value[x], component or dataAbsentReason required');
  return problems;
}
