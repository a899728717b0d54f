/** Runs every rule over a namespace's state; findings worst first. */
import { ClusterState, Finding, Rule } from './model';
import { containerConfig } from './rules/container-config';
import { crashLoop } from './rules/crash-loop';
import { serviceEndpoints } from './rules/endpoints';
import { imagePull } from './rules/image-pull';
import { ingressAddress } from './rules/ingress';
import { noPods } from './rules/no-pods';
import { readiness } from './rules/readiness';
import { unschedulable } from './rules/unschedulable';

export const RULES: Rule[] = [
  noPods,
  containerConfig,
  imagePull,
  crashLoop,
  unschedulable,
  readiness,
  serviceEndpoints,
  ingressAddress,
];

const SEVERITY_ORDER = { critical: 0, warning: 1 };

export function diagnose(state: ClusterState): Finding[] {
  return RULES.flatMap((rule) => rule(state)).sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
}
