/**
 * cdk8s serializes an object in two steps: its resolvers turn the props into
 * plain JSON, then the generated `toJson_*` functions of the typed bindings
 * rebuild each object field by field. That second step drops what it does not
 * know: the maps that stand for splices and boolean placeholders, and plain
 * strings and numbers where a binding wants `Quantity` or `IntOrString`
 * (`resources.requests.cpu: '50m'` from values becomes `requests: {}`).
 *
 * `ResolvedValues` is a cdk8s resolver (the extension point every value passes
 * through in the first step): it replaces nothing and records each scalar and
 * marker with its path. `restoreDropped` then puts back, in the typed output,
 * what the second step lost at the same path.
 */
import { ApiObject, IResolver, ResolutionContext } from 'cdk8s';
import { Json } from './expr';
import { isPlainObject } from './json';
import { SPLICE_FILLER, TokenRegistry } from './tokens';

type Recorded = [readonly string[], Json, 'marker' | 'scalar'];

export class ResolvedValues implements IResolver {
  private readonly byObject = new WeakMap<ApiObject, Recorded[]>();
  /** The placeholders of the synthesis; none for the plain manifests. */
  public tokens?: TokenRegistry;

  public resolve(context: ResolutionContext): void {
    if (context.key.length === 0) this.byObject.set(context.obj, []);
    const value = context.value as unknown;
    const recorded = this.byObject.get(context.obj);
    if (!recorded) return;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      recorded.push([context.key, value, 'scalar']);
    } else if (this.tokens && isMarker(value, this.tokens)) {
      recorded.push([context.key, value as Json, 'marker']);
    }
  }

  /** The object's typed JSON, with what the typed serializer dropped put back. */
  public toJson(object: ApiObject): Record<string, Json> {
    const typed = object.toJson() as Record<string, Json>;
    const tokens = this.tokens;
    let insideMarker: readonly string[] | undefined;
    for (const [path, value, kind] of this.byObject.get(object) ?? []) {
      // The entries of a marker are its own: they come back with it.
      if (insideMarker && startsWith(path, insideMarker)) continue;
      if (kind === 'marker') {
        insideMarker = path;
        placeAt(typed, path, value, true, object, tokens);
      } else placeAt(typed, path, value, false, object, tokens);
    }
    return typed;
  }
}

/**
 * Sets `value` at `path` in `root`. A marker replaces what is there, creating
 * the maps on the way; a scalar only fills a key the serializer left out of a
 * map it kept. Where the serializer turned a map into a scalar (`{ value: 80 }`
 * → 80, IntOrString), its result stands.
 */
function placeAt(
  root: Record<string, Json>,
  path: readonly string[],
  value: Json,
  marker: boolean,
  object: ApiObject,
  tokens?: TokenRegistry,
): void {
  let node: Json = root;
  for (const [index, key] of path.slice(0, -1).entries()) {
    const container = node as Record<string, Json>;
    let next: Json | undefined = container[key];
    if (next === undefined) {
      if (!marker) return;
      next = /^\d+$/.test(path[index + 1]) ? [] : {};
      container[key] = next;
    }
    if (next === null || typeof next !== 'object') {
      if (marker) failAt(path, object);
      return;
    }
    node = next;
  }
  const container = node as Record<string, Json>;
  const last = path[path.length - 1];
  if (marker) container[last] = tokens ? withTypedKeys(container[last], value, tokens) : value;
  else if (container[last] === undefined) {
    // A placeholder the serializer dropped would silently leave the chart: put it back too.
    if (tokens === undefined || typeof value !== 'string' || (value !== '' && value !== SPLICE_FILLER))
      container[last] = value;
  }
}

/**
 * A map with splices beside plain keys (a probe given whole or built): the splices from the
 * resolved JSON, the other keys as the typed serializer made them (IntOrString, Quantity).
 */
function withTypedKeys(typed: Json | undefined, marker: Json, tokens: TokenRegistry): Json {
  if (!isPlainObject(typed) || !isPlainObject(marker) || tokens.booleanOf(marker) !== undefined)
    return marker;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(marker)) {
    const keepResolved = tokens.spliceKey(key) !== undefined || !(key in typed);
    out[key] = keepResolved ? (value as Json) : typedUnlessMarked(typed[key] as Json, value as Json, tokens);
  }
  return out;
}

/** The typed serializer's result, with the markers the resolved JSON holds put back in place. */
function typedUnlessMarked(typed: Json, resolved: Json, tokens: TokenRegistry): Json {
  if (isMarker(resolved, tokens)) return withTypedKeys(typed, resolved, tokens);
  if (Array.isArray(resolved) && Array.isArray(typed) && typed.length === resolved.length) {
    return typed.map((item, index) => typedUnlessMarked(item, resolved[index], tokens));
  }
  if (isPlainObject(resolved) && isPlainObject(typed)) {
    const out: Record<string, Json> = { ...(typed as Record<string, Json>) };
    for (const [key, value] of Object.entries(resolved)) {
      out[key] = key in out ? typedUnlessMarked(out[key], value as Json, tokens) : (value as Json);
    }
    return out;
  }
  return typed;
}

/** A map holding a splice key, or a boolean placeholder. */
function isMarker(value: unknown, tokens: TokenRegistry): boolean {
  if (!isPlainObject(value)) return false;
  return (
    tokens.booleanOf(value) !== undefined ||
    Object.keys(value).some((key) => tokens.spliceKey(key) !== undefined)
  );
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return path.length > prefix.length && prefix.every((key, i) => path[i] === key);
}

function failAt(path: readonly string[], object: ApiObject): never {
  throw new Error(
    `cannot place a template value at ${path.join('.')} of ${object.node.path}: ` +
      'the typed serializer changed its shape',
  );
}
