/** A finding for a cause read from a container's log, with the fix for that cause. */
import { JWT_SECRET_MIN_LENGTH, setSecretKeyCommand, showDatabaseUrlCommand } from '../../lib/backend-secret';
import { LogCause } from '../logs';
import { ClusterState, Finding, IPod, nameOf } from '../model';
import { helmUpgrade, restartCommand, secretOf } from '../names';

/** Inside a pod, these name the pod itself, not the machine the database runs on. */
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)(:\d+)?$/;
const URL_SHAPE = 'postgresql://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require';

/** Where the embedded database would keep its data: the claim the pod mounts, or nowhere that lasts. */
function embeddedFix(pod: IPod, namespace: string, useEmbedded: string): string[] {
  const claim = (pod.spec?.volumes ?? []).find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim;
  if (claim)
    return [
      `${useEmbedded}   # or use the embedded database: its data stays on the claim ${claim.claimName}`,
    ];
  return [
    `${helmUpgrade(pod, namespace, 'database.external=false')}   ` +
      '# or use the embedded database, on the PersistentVolumeClaim the chart then makes ' +
      '(this pod mounts none: emptying DATABASE_URL alone would keep data only as long as the pod)',
  ];
}

function databaseProblem(cause: LogCause): { title: string; url: string; note: string } {
  const at = cause.host ? ` at ${cause.host}` : '';
  if (cause.kind === 'database-auth-failed')
    return {
      title: `PostgreSQL${at} rejects the password for user ${cause.user ?? '?'} in DATABASE_URL`,
      url: URL_SHAPE.replace('USER', cause.user ?? 'USER'),
      note: `# or give the user that password on the server: ALTER USER ${cause.user ?? 'USER'} WITH PASSWORD '...';`,
    };
  if (cause.kind === 'database-not-found')
    return {
      title: `the database host${cause.host ? ` ${cause.host}` : ''} in DATABASE_URL does not resolve in the cluster`,
      url: URL_SHAPE,
      note: '# a typo, or a name only your machine knows; for a database on your machine use host.minikube.internal',
    };
  if (cause.host && LOOPBACK.test(cause.host))
    return {
      title: `DATABASE_URL points at ${cause.host}, which inside a pod is the pod itself: nothing listens there`,
      url: URL_SHAPE.replace('HOST', 'host.minikube.internal').replace('?sslmode=require', ''),
      note: '# a database on your machine is host.minikube.internal from minikube pods',
    };
  return {
    title:
      cause.kind === 'database-timeout'
        ? `the database${at} does not answer (connection timed out)`
        : `the database${at} refuses connections (ECONNREFUSED): nothing listens there`,
    url: URL_SHAPE,
    note:
      cause.kind === 'database-timeout'
        ? '# a firewall in between, or a port other than 5432/443 (the backend NetworkPolicy allows only those)'
        : '# start PostgreSQL there, or correct the host and port',
  };
}

export function logCauseFinding(
  state: ClusterState,
  pod: IPod,
  container: string,
  cause: LogCause,
  evidence: string[],
): Finding {
  const ns = state.namespace;
  const resource = `pod/${nameOf(pod)}`;
  const restart = restartCommand(state, pod);
  const logEvidence = `log (${container}): ${cause.line}`;
  if (cause.kind === 'jwt-secret-too-short' || cause.kind === 'jwt-secret-missing') {
    const secret = secretOf(pod, 'JWT_SECRET');
    return {
      id: cause.kind,
      severity: 'critical',
      title:
        `${container} exits at start: JWT_SECRET in Secret ${secret} ` +
        (cause.kind === 'jwt-secret-too-short'
          ? `is shorter than ${cause.minLength ?? JWT_SECRET_MIN_LENGTH} characters`
          : 'is empty'),
      resource,
      evidence: [...evidence, logEvidence],
      fix: [`${setSecretKeyCommand(secret, ns, 'JWT_SECRET')} && ${restart}`],
    };
  }
  const secret = secretOf(pod, 'DATABASE_URL');
  const problem = databaseProblem(cause);
  return {
    id: cause.kind === 'database-auth-failed' ? 'database-auth-failed' : 'database-unreachable',
    severity: 'critical',
    title: problem.title,
    resource,
    evidence: [...evidence, logEvidence],
    fix: [
      `${setSecretKeyCommand(secret, ns, 'DATABASE_URL', problem.url)} && ${restart}   ${problem.note}`,
      `${showDatabaseUrlCommand(secret, ns)}   # the URL the backend uses, password masked`,
      ...embeddedFix(pod, ns, `${setSecretKeyCommand(secret, ns, 'DATABASE_URL', '')} && ${restart}`),
    ],
  };
}
