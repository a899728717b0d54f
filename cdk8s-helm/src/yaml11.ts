/**
 * YAML as Helm and kubectl read it: YAML 1.1 through go-yaml v2, where `yes`,
 * `on`, `y` are booleans and `0777` is an octal integer, but timestamps and
 * `1:20` stay strings (go-yaml keeps them as text when decoding into JSON).
 */
import { parse, parseAllDocuments, stringify, Tags } from 'yaml';

/** The YAML 1.1 tags go-yaml v2 resolves when it decodes into JSON. */
const goYamlTags = (tags: Tags): Tags =>
  tags.filter((tag) => {
    const t = tag as { tag?: string; format?: string };
    return t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME';
  });

export const YAML_1_1 = { version: '1.1', customTags: goYamlTags } as const;

/** One document read as Helm reads a values file. */
export function parseYaml11(text: string): unknown {
  return parse(text, YAML_1_1);
}

/** Every document of a multi-document stream, under one YAML reading. */
export function parseDocuments(text: string, version: '1.1' | '1.2'): unknown[] {
  const options = version === '1.1' ? YAML_1_1 : { version: '1.2' as const };
  return parseAllDocuments(text, options)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
      return doc.toJS() as unknown;
    })
    .filter((doc) => doc !== null && doc !== undefined);
}

/** A plain one-line YAML scalar that reads back as the same value under YAML 1.1 and 1.2. */
export function yamlScalar(value: string | number | boolean | null): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && PLAIN_STRING.test(value) && !RESERVED.test(value)) return value;
  const text = stringify(value, { lineWidth: 0, ...YAML_1_1 }).trimEnd();
  // A form both readings agree on; JSON's double quotes are valid YAML in both.
  if (parse(text, YAML_1_1) === value && parse(text) === value) return text;
  return JSON.stringify(value);
}

/** Text YAML reads as a string without quotes in both versions: not a number, boolean or null. */
const PLAIN_STRING = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
