/**
 * Artifact Hub's `artifacthub.io/signKey`: the fingerprint of the key a release is signed
 * with and the address where users get its public half, shown on the chart's security report.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { stringify } from 'yaml';

export interface SignKey {
  /** SHA-256 of the public key (keyFingerprint). */
  fingerprint: string;
  /** Where users download the public key (cosign.pub). */
  url: string;
}

/**
 * SHA-256 of the public key's DER SubjectPublicKeyInfo, in hex: what
 * `openssl pkey -pubin -in cosign.pub -outform DER | sha256sum` prints, so anyone can recompute it.
 */
export function keyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

/** Why `url` cannot be the key's address, or undefined when it can. */
export function signKeyUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:'
    ? undefined
    : `a ${parsed.protocol} address; users download the key over https://`;
}

export function signKeyAnnotation(key?: SignKey): Record<string, string> {
  return key ? { 'artifacthub.io/signKey': stringify({ fingerprint: key.fingerprint, url: key.url }) } : {};
}
