/** Small type guards for parsed JSON and YAML. */

/** A plain object (a JSON/YAML mapping): not null, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
