/** values.schema.json, derived from the values model. Helm validates every install and upgrade against it. */
import { JsonSchema, Leaf, ValueNode } from './values-dsl';

/** Keywords of the model that are ours alone, not JSON Schema. */
const PRIVATE_KEYWORDS = ['x-pattern-help'];

export function valuesSchema(model: ValueNode, values: unknown): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'todo-app chart values',
    ...nodeSchema(model, values),
  };
}

function nodeSchema(node: ValueNode, value: unknown): JsonSchema {
  if (node.kind === 'leaf') return leafSchema(node, value);
  const record = (value ?? {}) as Record<string, unknown>;
  return {
    type: 'object',
    description: node.description,
    additionalProperties: false,
    // Helm deletes keys set to null, so nullable keys cannot be required.
    required: Object.entries(node.properties)
      .filter(([, child]) => !(child.kind === 'leaf' && acceptsNull(child)))
      .map(([key]) => key),
    properties: Object.fromEntries(
      Object.entries(node.properties).map(([key, child]) => [key, nodeSchema(child, record[key])]),
    ),
  };
}

function acceptsNull(leaf: Leaf<unknown>): boolean {
  const type = leaf.schema.type;
  return Array.isArray(type) && type.includes('null');
}

function leafSchema(leaf: Leaf<unknown>, value: unknown): JsonSchema {
  const schema = Object.fromEntries(
    Object.entries(leaf.schema).filter(([k]) => !PRIVATE_KEYWORDS.includes(k)),
  );
  return { ...schema, description: leaf.description, default: value };
}

/** In words, what a leaf accepts, for error messages and the README. */
export function allowedValues(leaf: Leaf<unknown>): string {
  const s = leaf.schema as {
    type?: string | string[];
    enum?: string[];
    minimum?: number;
    maximum?: number;
    'x-pattern-help'?: string;
    minLength?: number;
  };
  if (s.enum) return s.enum.join(', ');
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes('integer')) {
    const range =
      s.minimum !== undefined && s.maximum !== undefined
        ? `an integer from ${s.minimum} to ${s.maximum}`
        : 'an integer';
    return types.includes('null') ? `${range}, or null` : range;
  }
  if (s['x-pattern-help']) return s['x-pattern-help'] + (s.minLength ? ' (not empty)' : '');
  if (types.includes('boolean')) return 'true or false';
  if (types.includes('string')) return s.minLength ? 'a non-empty string' : 'a string';
  if (types.includes('array')) return 'a list';
  return 'an object';
}
