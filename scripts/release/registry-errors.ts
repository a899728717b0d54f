/** Turns what helm, docker or podman printed about a registry into a failure that names the fix. */
import { ContainerCli } from '../lib/images';
import { loginCommand } from './container-cli';
import { StepFailure } from '../lib/steps';
import { Probe, probeUrl } from './registry-probe';
import { RegistryRef } from './registry-ref';

export interface RegistryContext {
  registry: RegistryRef;
  plainHttp: boolean;
  cli: ContainerCli;
}

export const helmLoginCommand = (host: string, plainHttp: boolean) =>
  `helm registry login ${host}${plainHttp ? ' --insecure' : ''}`;

export function loginFix(ctx: RegistryContext, who: 'both' | 'helm' | 'container' = 'both'): string {
  const helm = helmLoginCommand(ctx.registry.host, ctx.plainHttp);
  const container = loginCommand(ctx.cli, ctx.registry.host, ctx.plainHttp);
  if (who === 'helm') return helm;
  if (who === 'container') return container;
  return `${container}   and   ${helm}`;
}

const unreachableFix = ({ registry, plainHttp }: RegistryContext) =>
  `check that the registry runs and that ${registry.host} is the right HOST[:PORT] ` +
  `(try: curl -sS ${probeUrl(registry.host, plainHttp)})`;

const PLAIN_HTTP_FIX =
  'the registry speaks plain HTTP: pass --plain-http (loopback and test registries only)';
const HTTPS_FIX = 'the registry speaks HTTPS: drop --plain-http';

/** The preflight's verdict on a probe of `GET /v2/`; undefined when the release can go on. */
export function probeFailure(probe: Probe, ctx: RegistryContext): StepFailure | undefined {
  const host = ctx.registry.host;
  switch (probe.kind) {
    case 'ok':
    case 'login-required':
      return undefined;
    case 'unreachable':
      return new StepFailure(`the registry ${host} is not reachable (${probe.detail})`, unreachableFix(ctx));
    case 'speaks-http':
      return new StepFailure(`${host} answered HTTPS with plain HTTP`, PLAIN_HTTP_FIX);
    case 'speaks-https':
      return new StepFailure(`${host} answered plain HTTP as an HTTPS server`, HTTPS_FIX);
    case 'certificate':
      return new StepFailure(
        `the TLS certificate of ${host} is not trusted (${probe.detail})`,
        "install the registry's CA certificate on this machine: in the system trust store for " +
          'docker/podman and helm, and NODE_EXTRA_CA_CERTS=FILE for this check',
      );
    case 'not-a-registry':
      return new StepFailure(
        `${probeUrl(host, ctx.plainHttp)} answered HTTP ${probe.status}, not a registry API`,
        'give the registry host (and optional path), e.g. --registry ghcr.io/acme; the /v2/ API must be at its root',
      );
  }
}

const RULES: {
  pattern: RegExp;
  explain: (ctx: RegistryContext, tool: 'helm' | 'container') => [string, string];
}[] = [
  {
    pattern:
      /unauthorized|authentication required|\b401\b|no basic auth credentials|basic credential not found/i,
    explain: (ctx, tool) => [`${ctx.registry.host} requires a login`, loginFix(ctx, tool)],
  },
  {
    pattern: /denied|forbidden|\b403\b/i,
    explain: (ctx, tool) => [
      `${ctx.registry.host} refused the push (access denied)`,
      `log in as an account that may push to ${ctx.registry.prefix}: ${loginFix(ctx, tool)}`,
    ],
  },
  {
    pattern:
      /server gave HTTP response to HTTPS client|wrong version number|first record does not look like a TLS/i,
    explain: (ctx) => [`${ctx.registry.host} speaks plain HTTP`, PLAIN_HTTP_FIX],
  },
  {
    pattern: /x509|certificate/i,
    explain: (ctx) => [
      `the TLS certificate of ${ctx.registry.host} is not trusted`,
      "install the registry's CA certificate where docker/podman and helm look for it",
    ],
  },
  {
    pattern: /connection refused|no such host|i\/o timeout|network is unreachable|connection reset|dial tcp/i,
    explain: (ctx) => [`the registry ${ctx.registry.host} is not reachable`, unreachableFix(ctx)],
  },
];

/** A failure for a push (or pull) that failed with `output`; the fallback keeps the tool's last lines. */
export function pushFailure(
  what: string,
  output: string,
  ctx: RegistryContext,
  tool: 'helm' | 'container',
  fallbackFix: string,
): StepFailure {
  const lastLines = output.trim().split('\n').slice(-3).join(' ');
  const rule = RULES.find((r) => r.pattern.test(output));
  if (!rule) return new StepFailure(`${what} failed: ${lastLines || 'no output'}`, fallbackFix);
  const [message, fix] = rule.explain(ctx, tool);
  return new StepFailure(`${what} failed: ${message} (${lastLines})`, fix);
}
