/** Command-line options of `npm run release`, and where the version comes from. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandLine, UsageError } from '../lib/args';
import { REPO_ROOT } from '../lib/paths';
import { parseRegistry, RegistryRef } from './registry-ref';

export interface ReleaseOptions {
  registry: RegistryRef;
  version: string;
  /** Where the version came from, for the plan: `package.json` or `--version`. */
  versionSource: string;
  plainHttp: boolean;
  dryRun: boolean;
}

export const USAGE = `usage: npm run release -- --registry HOST[:PORT][/PATH] [--version X.Y.Z]
                          [--plain-http] [--dry-run]

  --registry HOST[:PORT][/PATH]  where the images and the chart go, e.g. ghcr.io/acme or 127.0.0.1:5000
  --version X.Y.Z                the release version (default: "version" in package.json); it is the
                                 chart's version and appVersion and both image tags
  --plain-http                   talk HTTP instead of HTTPS to the registry (a loopback or test registry)
  --dry-run                      print the plan, touch nothing`;

/** SemVer 2 without build metadata: "+" is not allowed in an image tag. */
const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

export function validateVersion(version: string, source: string): string {
  if (!VERSION.test(version))
    throw new UsageError(
      `${source}: ${JSON.stringify(version)} is not a release version; ` +
        'use X.Y.Z or X.Y.Z-PRERELEASE (SemVer without +build), never "latest"',
    );
  if (version.length > 128) throw new UsageError(`${source}: the version is longer than an image tag may be`);
  return version;
}

export function packageVersion(root = REPO_ROOT): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string')
    throw new UsageError('package.json has no "version"; add one or pass --version X.Y.Z');
  return manifest.version;
}

export function parseOptions(argv: string[]): ReleaseOptions {
  let parsed;
  try {
    parsed = parseCommandLine(argv, {
      registry: { type: 'string' },
      version: { type: 'string' },
      'plain-http': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${error.message}\n${USAGE}`);
    throw error;
  }
  if (parsed.help) throw new UsageError(USAGE);
  if (!parsed.registry) throw new UsageError(`--registry is required\n${USAGE}`);
  const fromFlag = parsed.version !== undefined;
  const versionSource = fromFlag ? '--version' : 'package.json';
  return {
    registry: parseRegistry(parsed.registry),
    version: validateVersion(fromFlag ? parsed.version! : packageVersion(), versionSource),
    versionSource,
    plainHttp: parsed['plain-http'],
    dryRun: parsed['dry-run'],
  };
}
