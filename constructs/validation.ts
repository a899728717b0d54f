/**
 * Checks of construct props. Each check returns the problem in words (naming
 * the field and what it accepts) or nothing. Constructs register them with
 * `checkLater`, which cdk8s runs at synthesis (`node.validate()`), after every
 * value is known, so constructs can be built from values that are decided later
 * (such as a chart's template values).
 */
import { Construct } from 'constructs';

/** A problem with a prop, in the words `npm run synth` prints. */
export function problem(field: string, issue: string, allowed: string): string {
  return `${field}: ${issue} (allowed: ${allowed})`;
}

/** Runs the checks when the construct tree is validated. */
export function checkLater(scope: Construct, checks: () => (string | undefined)[]): void {
  scope.node.addValidation({ validate: () => checks().filter((p): p is string => p !== undefined) });
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function integerInRange(
  field: string,
  value: number | undefined,
  min: number,
  max: number,
): string | undefined {
  if (value === undefined || (Number.isInteger(value) && value >= min && value <= max)) return undefined;
  return problem(field, `got ${JSON.stringify(value)}`, `an integer from ${min} to ${max}`);
}

export function dnsLabel(field: string, value: string): string | undefined {
  if (value.length > 0 && value.length <= 63 && DNS_LABEL.test(value)) return undefined;
  return problem(
    field,
    `got ${JSON.stringify(value)}`,
    'a DNS label: 1-63 lower case letters, digits and -, starting and ending with a letter or digit',
  );
}

export function dnsSubdomain(field: string, value: string): string | undefined {
  if (value.length > 0 && value.length <= 253 && DNS_SUBDOMAIN.test(value)) return undefined;
  return problem(
    field,
    `got ${JSON.stringify(value)}`,
    'a DNS name: 1-253 lower case letters, digits, - and .',
  );
}

export function envVarName(field: string, value: string): string | undefined {
  if (ENV_VAR_NAME.test(value)) return undefined;
  return problem(field, `got ${JSON.stringify(value)}`, 'letters, digits and _, not starting with a digit');
}

export function oneOf<T extends string>(
  field: string,
  value: T | undefined,
  allowed: readonly T[],
): string | undefined {
  if (value === undefined || allowed.includes(value)) return undefined;
  return problem(field, `got ${JSON.stringify(value)}`, allowed.join(', '));
}
