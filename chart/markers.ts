/**
 * Markers placed into synthesized JSON where the template needs more than a
 * value: a field that exists only under a condition, or an object copied from
 * the values with toYaml. The emitter turns them into Go template actions.
 */
export type TemplateMarker =
  /** `key:` followed by `toYaml <expr>` */
  | { readonly $template: 'block'; readonly expr: string }
  /** `key:` and `toYaml` only when `<expr>` is non-empty (`with`) */
  | { readonly $template: 'with'; readonly expr: string }
  /** `key: <value>` only when `<condition>` holds */
  | { readonly $template: 'if'; readonly condition: string; readonly value: unknown };

export function block(expr: string): TemplateMarker {
  return { $template: 'block', expr };
}

export function withBlock(expr: string): TemplateMarker {
  return { $template: 'with', expr };
}

export function onlyIf(condition: string, value: unknown): TemplateMarker {
  return { $template: 'if', condition, value };
}

export function isMarker(value: unknown): value is TemplateMarker {
  return typeof value === 'object' && value !== null && '$template' in value;
}
