/**
 * The labels of one workload's objects. Selectors use only the stable subset
 * (the release's selector labels plus the component), so a new version never
 * orphans its pods and two releases never select each other's. Pods may carry
 * extra labels that no selector uses.
 */

/** Keys selectors use; a workload's extra pod labels may not set them. */
export const SELECTOR_LABEL_KEYS = [
  'app',
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/component',
] as const;

export interface WorkloadLabelsProps {
  /** app.kubernetes.io/component and the short `app` label, e.g. backend. */
  readonly component: string;
  /** Labels that identify the release: app.kubernetes.io/name and instance. */
  readonly release: Record<string, string>;
  /** Labels for every object of the release (the release labels plus version, managed-by…). */
  readonly common: Record<string, string>;
  /** Extra labels for the pods only, never in selectors. @default - none */
  readonly pod?: Record<string, string>;
}

export class WorkloadLabels {
  public readonly component: string;
  /** Labels that identify the pods: selectors and NetworkPolicies use these. */
  public readonly selector: Record<string, string>;
  /** Labels of every object of the workload. */
  public readonly all: Record<string, string>;
  /** Labels of the pods. */
  public readonly pod: Record<string, string>;

  constructor(private readonly props: WorkloadLabelsProps) {
    this.component = props.component;
    const own = { 'app.kubernetes.io/component': props.component, app: props.component };
    this.selector = { ...props.release, ...own };
    this.all = { ...props.common, ...own };
    this.pod = { ...this.all, ...props.pod };
  }

  /** The same release labels for another component of the release, such as a test pod. */
  public forComponent(component: string): WorkloadLabels {
    return new WorkloadLabels({ release: this.props.release, common: this.props.common, component });
  }
}
