/** The doctor's report, for people (worst first) or as JSON. */
import { ClusterState, Finding } from './model';
import { appPods } from './names';

export function summary(state: ClusterState): string {
  const pods = appPods(state);
  const ready = pods.filter((p) => {
    const statuses = p.status?.containerStatuses ?? [];
    return statuses.length > 0 && statuses.every((s) => s.ready);
  });
  return `${ready.length}/${pods.length} pods ready in namespace ${state.namespace}`;
}

export function textReport(state: ClusterState, findings: Finding[]): string {
  if (findings.length === 0) return `healthy: ${summary(state)}, no problems found.\n`;
  const lines = [`${findings.length} problem(s) found (${summary(state)}), worst first:`, ''];
  findings.forEach((f, i) => {
    lines.push(`${i + 1}. [${f.severity.toUpperCase()}] ${f.title}`, `   where: ${f.resource}`);
    for (const e of f.evidence) lines.push(`   evidence: ${e}`);
    for (const c of f.fix) lines.push(`   fix: ${c}`);
    lines.push('');
  });
  return lines.join('\n');
}

export function jsonReport(state: ClusterState, findings: Finding[]): string {
  const report = {
    namespace: state.namespace,
    healthy: findings.length === 0,
    summary: summary(state),
    findings,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
