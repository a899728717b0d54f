/** Helpers to compare and inspect rendered Kubernetes objects. */

/**
 * A Kubernetes object parsed from YAML, typed as JSON.parse types its result:
 * tests read any field and let the assertions check its shape.
 */
export type Manifest = ReturnType<typeof JSON.parse>;

type Obj = Record<string, Manifest>;

/** Labels only Helm sets (or only cdk8s sets), left out when comparing the two renderings. */
const TOOL_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by'];

/** Objects in a stable order, without tool-specific labels and without the Namespace. */
export function normalize(objects: Obj[]): Obj[] {
  return objects
    .filter((o) => o.kind !== 'Namespace')
    .map((o) => stripToolLabels(structuredClone(o)))
    .sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
}

function stripToolLabels(node: Manifest): Manifest {
  if (Array.isArray(node)) return node.map(stripToolLabels);
  if (node === null || typeof node !== 'object') return node;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'labels' && value && typeof value === 'object') {
      for (const label of TOOL_LABELS) delete (value as Obj)[label];
    }
    node[key] = stripToolLabels(value);
  }
  return node;
}

export function ofKind(objects: Obj[], kind: string): Obj[] {
  return objects.filter((o) => o.kind === kind);
}

export function find(objects: Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found)
    throw new Error(
      `no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`,
    );
  return found;
}

/** True when every label of the selector is among the labels. */
export function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}
