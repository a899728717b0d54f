/** The value sets the linters see: the defaults, an external database with autoscaling, and a few equivalence cases. */
import { ValuesCase, VALUES_CASES } from '../synth/cases';

const byName = (name: string): ValuesCase => {
  const found = VALUES_CASES.find((c) => c.name === name);
  if (!found) throw new Error(`test/synth/cases.ts has no case named ${JSON.stringify(name)}`);
  return found;
};

export const LINT_VALUE_SETS: ValuesCase[] = [
  byName('defaults'),
  byName('autoscaling with an external database'),
  byName('a registry for both images and digests'),
  byName('ingress host, TLS and annotations'),
  byName('two backend replicas on an external database'),
  byName('embedded database without persistence'),
  byName('common labels and annotations, pull secrets'),
];

/** A file name for the set, e.g. `autoscaling-with-an-external-database`. */
export const slug = (c: ValuesCase) =>
  c.name
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** The set as one values document (its --set strings applied to its values), for ct's ci/ files. */
export function valuesDocument(c: ValuesCase): Record<string, unknown> {
  const doc = structuredClone(c.values ?? {}) as Record<string, unknown>;
  for (const set of c.sets ?? []) {
    const [path, raw] = [set.slice(0, set.indexOf('=')), set.slice(set.indexOf('=') + 1)];
    const keys = path.split('.');
    let node = doc;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]] = parseScalar(raw);
  }
  return doc;
}

/** How `helm --set` reads a scalar: integers, booleans and null, else a string. */
function parseScalar(raw: string): unknown {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw === 'null') return null;
  return raw;
}
