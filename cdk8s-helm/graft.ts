/**
 * cdk8s serializes an object in two steps: its resolvers turn the props into
 * plain JSON, then the generated `toJson_*` functions of the typed bindings
 * rebuild each object field by field. That second step drops what it does not
 * know, including the maps that stand for splices and boolean placeholders.
 * This puts them back: wherever the resolved JSON holds one, it replaces the
 * rebuilt value at the same path.
 */
import { Json } from './expr';
import { isPlainObject } from './json';
import { TokenRegistry } from './tokens';

export function graftMarkers(typed: Json, resolved: Json, tokens: TokenRegistry): Record<string, Json> {
  return graft(typed, resolved, tokens, []) as Record<string, Json>;
}

function graft(
  typed: Json | undefined,
  resolved: Json | undefined,
  tokens: TokenRegistry,
  path: string[],
): Json {
  if (resolved === undefined) return typed as Json;
  if (isMarker(resolved, tokens)) {
    if (tokens.booleanOf(resolved) !== undefined || !isPlainObject(typed)) return resolved;
    // A map with splices beside plain keys (a probe given whole or built): the splices from the
    // resolved JSON, the other keys as the typed serializer made them (IntOrString, Quantity).
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(resolved as Record<string, Json>)) {
      const splice = tokens.spliceKey(key) !== undefined;
      out[key] = splice || !(key in typed) ? value : graft(typed[key], value, tokens, [...path, key]);
    }
    return out;
  }
  if (Array.isArray(resolved) && Array.isArray(typed) && typed.length === resolved.length) {
    return typed.map((item, index) => graft(item, resolved[index], tokens, [...path, String(index)]));
  }
  if (isPlainObject(resolved) && isPlainObject(typed)) {
    const out: Record<string, Json> = { ...(typed as Record<string, Json>) };
    for (const [key, value] of Object.entries(resolved)) {
      if (key in out) out[key] = graft(out[key], value, tokens, [...path, key]);
      else if (containsMarker(value, tokens)) out[key] = value;
    }
    return out;
  }
  // Shapes differ where the serializer converted a value (IntOrString, Quantity): keep its result.
  if (containsMarker(resolved, tokens)) failAt(path);
  return typed as Json;
}

/** A map holding a splice key, or a boolean placeholder. */
function isMarker(value: Json, tokens: TokenRegistry): boolean {
  if (!isPlainObject(value)) return false;
  return (
    tokens.booleanOf(value) !== undefined ||
    Object.keys(value).some((key) => tokens.spliceKey(key) !== undefined)
  );
}

function containsMarker(value: Json, tokens: TokenRegistry): boolean {
  if (isMarker(value, tokens)) return true;
  if (Array.isArray(value)) return value.some((item) => containsMarker(item, tokens));
  if (isPlainObject(value)) return Object.values(value).some((item) => containsMarker(item as Json, tokens));
  return false;
}

function failAt(path: string[]): never {
  throw new Error(
    `cannot place a template value at ${path.join('.')}: the typed serializer changed its shape`,
  );
}

/**
 * The same two steps for the plain manifests: values copied whole into an object
 * (a sidecar's `resources`, a rule's `port`) are plain JSON where the typed bindings
 * expect Quantity or IntOrString, and their serializers drop them. Whatever the
 * resolved JSON holds and the rebuilt JSON lacks is put back, as `toYaml` keeps it.
 */
export function restoreDropped(typed: Json, resolved: Json | undefined): Json {
  if (Array.isArray(resolved) && Array.isArray(typed) && typed.length === resolved.length) {
    return typed.map((item, index) => restoreDropped(item, resolved[index]));
  }
  if (isPlainObject(resolved) && isPlainObject(typed)) {
    const out: Record<string, Json> = { ...(typed as Record<string, Json>) };
    for (const [key, value] of Object.entries(resolved)) {
      if (out[key] !== undefined) out[key] = restoreDropped(out[key], value as Json);
      else if (value !== undefined) out[key] = value as Json;
    }
    return out;
  }
  return typed;
}
