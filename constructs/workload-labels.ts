/**
 * The labels every object of one workload carries: the short `app=<component>`
 * label the rest of the tooling greps for, plus the recommended
 * `app.kubernetes.io/*` labels. Selectors use only the stable subset, so a new
 * version never orphans its pods and two releases never select each other's.
 */
export interface WorkloadLabelsProps {
  /** app.kubernetes.io/name, e.g. todo-app */
  readonly name: string;
  /** app.kubernetes.io/instance: the release name */
  readonly instance: string;
  /** app.kubernetes.io/component and the short `app` label, e.g. backend */
  readonly component: string;
  /** app.kubernetes.io/part-of @default - the name */
  readonly partOf?: string;
  /** app.kubernetes.io/version @default - no version label */
  readonly version?: string;
  /** Further labels for every object (never used in selectors). @default - none */
  readonly extra?: Record<string, string>;
}

export class WorkloadLabels {
  /** Labels that identify the pods; used by selectors and NetworkPolicies. */
  public readonly selector: Record<string, string>;
  /** Every label, for metadata and pod templates. */
  public readonly all: Record<string, string>;
  public readonly component: string;

  constructor(props: WorkloadLabelsProps) {
    this.component = props.component;
    this.selector = {
      app: props.component,
      'app.kubernetes.io/name': props.name,
      'app.kubernetes.io/instance': props.instance,
      'app.kubernetes.io/component': props.component,
    };
    this.all = {
      ...this.selector,
      'app.kubernetes.io/part-of': props.partOf ?? props.name,
      ...(props.version !== undefined ? { 'app.kubernetes.io/version': props.version } : {}),
      ...props.extra,
    };
  }
}
