import { Construct } from 'constructs';
import { EnvVar } from '../imports/k8s';
import { ConfigurationError, requireDnsSubdomain, requireEnvVarName } from './validation';

export interface SecretKey {
  /** Let the pod start when the key is absent from the Secret. @default false */
  readonly optional?: boolean;
  /** What the key holds, for generated docs and the `kubectl create secret` hint. */
  readonly description: string;
}

export interface SecureSecretRefProps {
  /** Name of the existing Secret, created outside the chart. @default 'app-secrets' */
  readonly secretName?: string;
  /** Keys the workload reads; each is injected as the environment variable of the same name. */
  readonly keys: Record<string, SecretKey>;
}

/**
 * A typed reference to a Secret that lives outside this deployment.
 *
 * It renders only `secretKeyRef`s: the Secret's values are never read (not even
 * from the environment during synthesis), never rendered, and never reach
 * dist/, values files or snapshots. Whoever operates the cluster creates the
 * Secret; `createCommand()` tells them how.
 */
export class SecureSecretRef extends Construct {
  public readonly secretName: string;
  public readonly keys: Readonly<Record<string, SecretKey>>;

  constructor(scope: Construct, id: string, props: SecureSecretRefProps) {
    super(scope, id);
    this.secretName = props.secretName ?? 'app-secrets';
    requireDnsSubdomain('secrets.name', this.secretName);
    if (Object.keys(props.keys).length === 0) {
      throw new ConfigurationError('secrets.keys', 'no keys given', 'at least one key name');
    }
    for (const key of Object.keys(props.keys)) requireEnvVarName(`secrets.keys.${key}`, key);
    this.keys = { ...props.keys };
  }

  /** Environment variables that read every key from the Secret. */
  public envVars(): EnvVar[] {
    return Object.entries(this.keys).map(([key, spec]) => ({
      name: key,
      valueFrom: {
        secretKeyRef: { name: this.secretName, key, ...(spec.optional ? { optional: true } : {}) },
      },
    }));
  }

  /** The command that creates the Secret, with placeholders where the values go. */
  public createCommand(namespace: string): string {
    const literals = Object.keys(this.keys).map(
      (key) => `--from-literal=${key}='<${key.toLowerCase().replace(/_/g, '-')}>'`,
    );
    return [`kubectl create secret generic ${this.secretName} -n ${namespace}`, ...literals].join(' \\\n  ');
  }
}
