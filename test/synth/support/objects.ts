/** Helpers to compare and inspect rendered Kubernetes objects. */

/**
 * A Kubernetes object parsed from YAML, typed as JSON.parse types its result:
 * tests read any field and let the assertions check its shape.
 */
export type Manifest = ReturnType<typeof JSON.parse>;

type Obj = Record<string, Manifest>;

/**
 * Objects in a stable order, without the Namespace (Helm makes it with --create-namespace). Labels
 * stay: the manifests say managed-by Helm and carry helm.sh/chart exactly as the chart does.
 */
export function normalize(objects: Obj[]): Obj[] {
  return objects
    .filter((o) => o.kind !== 'Namespace')
    .map((o) => JSON.parse(JSON.stringify(o)) as Obj)
    .sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
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
