/** Command-line options of `npm run release`, and where the version comes from. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { signKeyUrlProblem } from '../../chart/sign-key';
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
  /** The cosign key that signs the images and the chart; undefined with --no-sign. */
  signing?: {
    /** The private key file (absolute); its password is in COSIGN_PASSWORD. */
    key: string;
    /** Where users download the public key: Chart.yaml's artifacthub.io/signKey. */
    keyUrl?: string;
  };
  /** Where the images' SBOMs are written (absolute). */
  sbomDir: string;
}

export const USAGE = `usage: npm run release -- --registry HOST[:PORT][/PATH] (--key cosign.key | --no-sign)
                          [--sign-key-url URL] [--version X.Y.Z] [--sbom-dir DIR]
                          [--plain-http] [--dry-run]

  --registry HOST[:PORT][/PATH]  where the images and the chart go, e.g. ghcr.io/acme or 127.0.0.1:5000
  --key FILE                     the cosign private key that signs both images, their SBOMs and the
                                 chart (npm run cosign -- generate-key-pair makes one); its password is
                                 read from COSIGN_PASSWORD. The key's path is shown, never its content
  --sign-key-url URL             where users download the public key (cosign.pub): with its
                                 fingerprint, Chart.yaml's artifacthub.io/signKey
  --no-sign                      publish without signatures or attestations (the SBOMs are still written)
  --version X.Y.Z                the release version (default: "version" in package.json); it is the
                                 chart's version and appVersion and both image tags
  --sbom-dir DIR                 where the CycloneDX SBOM of each image is written (default: sbom/X.Y.Z)
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

/** --key / --sign-key-url / --no-sign: signing is the default, leaving it out is said out loud. */
function signingOf(key: string | undefined, keyUrl: string | undefined, noSign: boolean) {
  if (noSign && key !== undefined) throw new UsageError('--no-sign and --key exclude each other');
  if (noSign && keyUrl !== undefined)
    throw new UsageError(
      '--sign-key-url names the key a release is signed with: it needs --key, not --no-sign',
    );
  if (noSign) return undefined;
  if (key === undefined)
    throw new UsageError(
      'a release is signed: give --key cosign.key (npm run cosign -- generate-key-pair makes a pair; COSIGN_PASSWORD ' +
        'holds its password), or --no-sign to publish it unsigned',
    );
  const problem = keyUrl === undefined ? undefined : signKeyUrlProblem(keyUrl);
  if (problem)
    throw new UsageError(
      `--sign-key-url ${JSON.stringify(keyUrl)}: ${problem} (give the https:// address of cosign.pub)`,
    );
  return { key: resolve(key), keyUrl };
}

export const defaultSbomDir = (version: string, root = REPO_ROOT) => join(root, 'sbom', version);

export function parseOptions(argv: string[]): ReleaseOptions {
  let parsed;
  try {
    parsed = parseCommandLine(argv, {
      registry: { type: 'string' },
      key: { type: 'string' },
      'sign-key-url': { type: 'string' },
      'no-sign': { type: 'boolean', default: false },
      'sbom-dir': { type: 'string' },
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
  const registry = parseRegistry(parsed.registry);
  const version = validateVersion(fromFlag ? parsed.version! : packageVersion(), versionSource);
  return {
    registry,
    version,
    versionSource,
    plainHttp: parsed['plain-http'],
    dryRun: parsed['dry-run'],
    signing: signingOf(parsed.key, parsed['sign-key-url'], parsed['no-sign']),
    sbomDir: parsed['sbom-dir'] === undefined ? defaultSbomDir(version) : resolve(parsed['sbom-dir']),
  };
}
