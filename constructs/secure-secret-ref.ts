import { Construct } from 'constructs';
import { EnvVar } from '../imports/k8s';
import { checkLater, dnsSubdomain, envVarName } from './validation';

export interface SecretKey {
  /** Let the pod start when the key is absent from the Secret. @default false */
  readonly optional?: boolean;
  /** What the key holds, for generated docs and hints. */
  readonly description: string;
}

export interface SecureSecretRefProps {
  /** Name of the existing Secret, created outside this deployment. */
  readonly secretName: string;
  /** Keys the workload reads; each becomes the environment variable of the same name. */
  readonly keys: Readonly<Record<string, SecretKey>>;
}

/**
 * A typed reference to a Secret that lives outside this deployment.
 *
 * It renders only `secretKeyRef`s: the Secret's values are never read (not even
 * from the environment during synthesis), never rendered, and never reach the
 * output, values files or snapshots. Whoever operates the cluster creates the
 * Secret.
 */
export class SecureSecretRef extends Construct {
  public readonly secretName: string;
  public readonly keys: Readonly<Record<string, SecretKey>>;

  constructor(scope: Construct, id: string, props: SecureSecretRefProps) {
    super(scope, id);
    if (Object.keys(props.keys).length === 0)
      throw new Error(`${this.node.path}: a Secret reference needs at least one key`);
    const badKey = Object.keys(props.keys)
      .map((key) => envVarName(`secrets.keys.${key}`, key))
      .find(Boolean);
    if (badKey) throw new Error(badKey);
    this.secretName = props.secretName;
    this.keys = { ...props.keys };
    checkLater(this, () => [dnsSubdomain('secrets.name', this.secretName)]);
  }

  /** Environment variables that read every key from the Secret. */
  public envVars(): EnvVar[] {
    return Object.entries(this.keys).map(([key, spec]) => ({
      name: key,
      valueFrom: {
        secretKeyRef: {
          name: this.secretName,
          key,
          ...(spec.optional === undefined ? {} : { optional: spec.optional }),
        },
      },
    }));
  }
}
