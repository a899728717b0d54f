import { isUnresolved } from '../chart/tokens';

/**
 * A configuration mistake, reported with the field it concerns and what would
 * have been accepted, so `npm run synth` can say exactly what to fix.
 */
export class ConfigurationError extends Error {
  constructor(
    public readonly field: string,
    public readonly problem: string,
    public readonly allowed: string,
  ) {
    super(`${field}: ${problem} (allowed: ${allowed})`);
    this.name = 'ConfigurationError';
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Template placeholders are checked by the chart's values.schema.json at install
// time instead, so every check below lets them through.

export function requireIntegerInRange(field: string, value: number, min: number, max: number): void {
  if (isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(field, `got ${JSON.stringify(value)}`, `an integer from ${min} to ${max}`);
  }
}

export function requireDnsLabel(field: string, value: string): void {
  if (isUnresolved(value)) return;
  if (value.length === 0 || value.length > 63 || !DNS_LABEL.test(value)) {
    throw new ConfigurationError(
      field,
      `got ${JSON.stringify(value)}`,
      'a DNS label: 1-63 lower case letters, digits and -, starting and ending with a letter or digit',
    );
  }
}

export function requireDnsSubdomain(field: string, value: string): void {
  if (isUnresolved(value)) return;
  if (value.length === 0 || value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw new ConfigurationError(
      field,
      `got ${JSON.stringify(value)}`,
      'a DNS name: 1-253 lower case letters, digits, - and ., e.g. todo-app.local',
    );
  }
}

export function requireEnvVarName(field: string, value: string): void {
  if (!ENV_VAR_NAME.test(value)) {
    throw new ConfigurationError(
      field,
      `got ${JSON.stringify(value)}`,
      'an environment variable name: letters, digits and _, not starting with a digit',
    );
  }
}

export function requireOneOf<T extends string>(field: string, value: T, allowed: readonly T[]): void {
  if (isUnresolved(value)) return;
  if (!allowed.includes(value)) {
    throw new ConfigurationError(field, `got ${JSON.stringify(value)}`, allowed.join(', '));
  }
}
