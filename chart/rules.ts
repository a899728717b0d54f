/**
 * What the templates decide at install time rather than at synthesis: which
 * objects exist, which fields exist, and which objects are copied from values.
 *
 * The chart is synthesized once with TEMPLATE_SWITCHES (every optional object
 * present); the rules below then make each optional part conditional on its
 * value. The equivalence tests render the chart with helm for many value sets
 * and compare with the TypeScript synthesis, so a rule that disagrees with the
 * constructs fails there.
 */
import { block, onlyIf, TemplateMarker, withBlock } from './markers';
import { helmNumber } from './tokens';

/** Values of every on/off (or nullable) key while synthesizing the templates. */
export const TEMPLATE_SWITCHES: Record<string, unknown> = {
  'serviceAccount.create': true,
  'rbac.create': true,
  'backend.autoscaling.enabled': true,
  'frontend.autoscaling.enabled': true,
  'frontend.service.nodePort': null,
  'ingress.enabled': true,
  'networkPolicy.enabled': true,
  'networkPolicy.allowExternal': false,
  'podDisruptionBudget.enabled': true,
};

type Path = (string | number)[];

export interface FieldRule {
  readonly path: Path;
  /** The marker to put at the path, given what the synthesis put there. */
  readonly marker: (current: unknown) => TemplateMarker;
}

export interface TemplateRule {
  readonly kind: string;
  /** app.kubernetes.io/component of the object; any when absent. */
  readonly component?: string;
  /** The object is rendered only when this template condition holds. */
  readonly condition?: string;
  readonly fields?: FieldRule[];
}

const CONTAINER: Path = ['spec', 'template', 'spec', 'containers', 0];

function workloadRules(component: 'backend' | 'frontend'): TemplateRule[] {
  const values = `.Values.${component}`;
  return [
    {
      kind: 'Deployment',
      component,
      fields: [
        // The HPA owns the replica count when autoscaling is on.
        {
          path: ['spec', 'replicas'],
          marker: () => onlyIf(`not ${values}.autoscaling.enabled`, helmNumber(`${values}.replicaCount`)),
        },
        { path: [...CONTAINER, 'resources'], marker: () => block(`${values}.resources`) },
      ],
    },
    { kind: 'HorizontalPodAutoscaler', component, condition: `${values}.autoscaling.enabled` },
    { kind: 'PodDisruptionBudget', component, condition: '.Values.podDisruptionBudget.enabled' },
    { kind: 'NetworkPolicy', component, condition: '.Values.networkPolicy.enabled' },
    { kind: 'ServiceAccount', component, condition: '.Values.serviceAccount.create' },
  ];
}

export const TEMPLATE_RULES: TemplateRule[] = [
  ...workloadRules('backend'),
  ...workloadRules('frontend'),
  { kind: 'Role', component: 'backend', condition: '.Values.rbac.create' },
  { kind: 'RoleBinding', component: 'backend', condition: '.Values.rbac.create' },
  {
    kind: 'Service',
    component: 'frontend',
    fields: [
      {
        path: ['spec', 'ports', 0, 'nodePort'],
        marker: () =>
          onlyIf(
            'and (eq .Values.frontend.service.type "NodePort") .Values.frontend.service.nodePort',
            helmNumber('.Values.frontend.service.nodePort'),
          ),
      },
    ],
  },
  {
    kind: 'NetworkPolicy',
    component: 'frontend',
    fields: [
      {
        path: ['spec', 'ingress', 0, 'from'],
        marker: (from) => onlyIf('not .Values.networkPolicy.allowExternal', from),
      },
    ],
  },
  {
    kind: 'Ingress',
    condition: '.Values.ingress.enabled',
    fields: [
      { path: ['metadata', 'annotations'], marker: () => withBlock('.Values.ingress.annotations') },
      { path: ['spec', 'tls'], marker: () => withBlock('.Values.ingress.tls') },
    ],
  },
];

export interface RuledObject {
  readonly object: Record<string, unknown>;
  readonly condition?: string;
}

/** Applies the rules to one synthesized object (a copy is returned). */
export function applyRules(
  object: Record<string, unknown>,
  rules: TemplateRule[] = TEMPLATE_RULES,
): RuledObject {
  const copy = structuredClone(object);
  const component = (copy.metadata as { labels?: Record<string, string> } | undefined)?.labels?.[
    'app.kubernetes.io/component'
  ];
  const matching = rules.filter(
    (rule) => rule.kind === copy.kind && (rule.component === undefined || rule.component === component),
  );
  const conditions: string[] = [];
  for (const rule of matching) {
    if (rule.condition) conditions.push(rule.condition);
    for (const field of rule.fields ?? []) setAt(copy, field.path, field.marker(getAt(copy, field.path)));
  }
  return {
    object: copy,
    condition: conditions.length > 1 ? `and ${conditions.map((c) => `(${c})`).join(' ')}` : conditions[0],
  };
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown> | undefined)?.[key],
    root,
  );
}

function setAt(root: Record<string, unknown>, path: Path, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1));
  if (typeof parent !== 'object' || parent === null) {
    throw new Error(`template rule path ${path.join('.')} does not exist in ${String(root.kind)}`);
  }
  const key = path[path.length - 1];
  if (Array.isArray(parent) || key in parent) {
    (parent as Record<string | number, unknown>)[key] = value;
    return;
  }
  // A field the synthesis left out goes first, where a reader looks for it (spec.replicas).
  const record = parent as Record<string, unknown>;
  const rest = Object.entries(record);
  for (const [k] of rest) delete record[k];
  Object.assign(record, { [key]: value }, Object.fromEntries(rest));
}
