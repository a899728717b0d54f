/**
 * cosign (sigstore) with a key pair and no transparency log, as release and deploy run it.
 *
 * These machines reach no Rekor, Fulcio or TUF server, so signatures are made with a key
 * pair only: signing does not upload to Rekor (--tlog-upload=false), verifying accepts a
 * signature that has no Rekor entry (--insecure-ignore-tlog=true) and gets a trusted root
 * with no authority in it (--trusted-root), so cosign does not try to fetch Sigstore's
 * public one and only the public key counts. docs/signed-releases.md says what that gives up.
 * Registry logins come from docker's config or podman's auth file, as for docker/podman.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GO_TOOLS } from '../go-tools/catalog';
import { goToolBinary } from './go-tools';
import { REPO_ROOT } from './paths';
import { StepFailure } from './steps';

export const KEY_ONLY_TRUSTED_ROOT = join(REPO_ROOT, 'scripts', 'lib', 'cosign-trusted-root.json');

/** The SBOM format: CycloneDX JSON from syft, attested as cosign's `cyclonedx` predicate type. */
export const SBOM_PREDICATE_TYPE = 'cyclonedx';

const http = (plainHttp: boolean) => (plainHttp ? ['--allow-http-registry'] : []);

/** Signs REF (REGISTRY/NAME@sha256:…) with the private key; the password comes from COSIGN_PASSWORD. */
export const signArgs = (key: string, ref: string, plainHttp: boolean) => [
  'sign',
  '--key',
  key,
  '--tlog-upload=false',
  '--yes',
  ...http(plainHttp),
  ref,
];

/** Attaches `predicate` (the SBOM) to REF as an in-toto attestation signed with the key. */
export const attestArgs = (key: string, ref: string, predicate: string, plainHttp: boolean) => [
  'attest',
  '--key',
  key,
  '--type',
  SBOM_PREDICATE_TYPE,
  '--predicate',
  predicate,
  '--tlog-upload=false',
  '--yes',
  ...http(plainHttp),
  ref,
];

const offlineVerify = (publicKey: string, plainHttp: boolean) => [
  '--key',
  publicKey,
  '--insecure-ignore-tlog=true',
  '--trusted-root',
  KEY_ONLY_TRUSTED_ROOT,
  ...http(plainHttp),
];

export const verifyArgs = (publicKey: string, ref: string, plainHttp: boolean) => [
  'verify',
  ...offlineVerify(publicKey, plainHttp),
  ref,
];

export const verifyAttestationArgs = (publicKey: string, ref: string, plainHttp: boolean) => [
  'verify-attestation',
  '--type',
  SBOM_PREDICATE_TYPE,
  ...offlineVerify(publicKey, plainHttp),
  ref,
];

/** Prints the public half of the private key; it has to open the key, so it checks the password. */
export const publicKeyArgs = (key: string) => ['public-key', '--key', key];

/** The cosign binary (the pinned build, else PATH's), or a StepFailure naming what to install. */
export function cosignBinary(log?: (line: string) => void): string {
  return toolOrFailure(() => goToolBinary(GO_TOOLS.cosign, 'cosign', log));
}

export function toolOrFailure(locate: () => string): string {
  try {
    return locate();
  } catch (error) {
    throw new StepFailure(
      (error as Error).message.split('\n').slice(0, 3).join(' '),
      'install Go (https://go.dev/dl/): the scripts build the pinned version from scripts/go-tools/',
    );
  }
}

/** Why `file` cannot be the public key that verifies a release, or undefined when it can. */
export function publicKeyProblem(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
    return 'it is a private key; verifying takes the public one (cosign.pub), which is safe to share';
  if (!/-----BEGIN PUBLIC KEY-----/.test(text)) return 'it holds no PEM public key';
  return undefined;
}

/** The last line cosign printed that says what went wrong (it repeats it after "error during command execution"). */
export function cosignError(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('WARNING') && !line.startsWith('error during command'));
  return lines.filter((line) => line.startsWith('Error:')).pop() ?? lines.pop() ?? 'no output';
}
