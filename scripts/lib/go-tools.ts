/**
 * Programs built from upstream Go modules at pinned versions: the test cluster's
 * components, the newest Helm 3, the chart linters and the signing tools.
 *
 * Each tool is a module of its own under scripts/go-tools/<name>/ (go.mod and go.sum
 * pin the upstream module; `tool` lines name its programs), so one tool's dependency
 * versions never move another's. A build lands in a cache outside the checkout,
 * keyed by everything that changes the binary, so every clone on a machine shares it
 * and a second `npm test` builds nothing. Go's own module and build caches are the
 * machine's defaults, shared by all tools.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';
import { findTool } from './tools';

/** Where the modules of the tools live. */
export const GO_TOOLS_DIR = join(REPO_ROOT, 'scripts', 'go-tools');

export interface GoTool {
  /** The folder under scripts/go-tools/. */
  module: string;
  /** The binaries to build: name → main package. */
  binaries: Record<string, string>;
  /** The upstream module whose version (from go.mod) fills `{version}` in `ldflags`. */
  versionOf: string;
  /** Linker flags, usually the version stamp the upstream release build sets. */
  ldflags?: string;
  /** Environment for the build, e.g. build tags through GOFLAGS. */
  env?: Record<string, string>;
}

/** The cache root: $TODO_APP_GO_TOOLS_CACHE, else ~/.cache/todo-app/go-tools. */
export function goToolsCache(): string {
  return process.env.TODO_APP_GO_TOOLS_CACHE ?? join(homedir(), '.cache', 'todo-app', 'go-tools');
}

/** The version go.mod requires for `upstream`, e.g. v1.37.2. */
export function pinnedVersion(tool: GoTool): string {
  const goMod = readFileSync(join(GO_TOOLS_DIR, tool.module, 'go.mod'), 'utf8');
  const escaped = tool.versionOf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = goMod.match(new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm'));
  if (!match) throw new Error(`scripts/go-tools/${tool.module}/go.mod does not require ${tool.versionOf}`);
  return match[1];
}

function goVersion(): string | undefined {
  const result = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Whether Go is installed, for suites that print `SKIP:` without it. */
export function hasGo(): boolean {
  return goVersion() !== undefined;
}

function ldflagsOf(tool: GoTool): string {
  const version = pinnedVersion(tool);
  const [major, minor] = version.slice(1).split('.');
  const flags = (tool.ldflags ?? '')
    .replaceAll('{version}', version)
    .replaceAll('{major}', major)
    .replaceAll('{minor}', minor);
  return `-s -w ${flags}`;
}

/** The cache folder for this exact build: its inputs' hash is in the name. */
export function goToolDir(tool: GoTool): string {
  const dir = join(GO_TOOLS_DIR, tool.module);
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum']) hash.update(readFileSync(join(dir, file)));
  hash.update(JSON.stringify([tool.binaries, ldflagsOf(tool), tool.env ?? {}, goVersion()]));
  return join(goToolsCache(), `${tool.module}-${hash.digest('hex').slice(0, 16)}`);
}

/**
 * The folder holding the tool's binaries, building them first when the cache has
 * no build of these exact inputs. Throws with Go's output when the build fails.
 */
export function ensureGoTool(tool: GoTool, log: (line: string) => void = () => {}): string {
  const out = goToolDir(tool);
  const names = Object.keys(tool.binaries);
  if (names.every((name) => existsSync(join(out, name)))) return out;
  const version = goVersion();
  if (!version) throw new Error(`building ${tool.module} needs Go (not found on PATH)`);
  const staging = `${out}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  log(`building ${tool.module} ${pinnedVersion(tool)} with ${version} (cached in ${out})`);
  const started = Date.now();
  for (const [name, pkg] of Object.entries(tool.binaries)) {
    const result = spawnSync(
      'go',
      ['build', '-trimpath', '-ldflags', ldflagsOf(tool), '-o', join(staging, name), pkg],
      {
        cwd: join(GO_TOOLS_DIR, tool.module),
        encoding: 'utf8',
        // Static binaries: they run on an empty image base and on any distribution.
        env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly -buildvcs=false', ...tool.env },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (result.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(
        `go build of ${pkg} (${tool.module}) failed:\n${result.stderr || result.error?.message}`,
      );
    }
  }
  // Another process may have finished the same build first; either copy is the same.
  if (!existsSync(out)) renameSync(staging, out);
  else rmSync(staging, { recursive: true, force: true });
  log(`built ${tool.module} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return out;
}

/**
 * The path of `binary` from `tool`: the pinned build (built first when the cache has none)
 * when Go is installed, else the same program on PATH (e.g. a packaged cosign). Throws
 * with what to install when there is neither.
 */
export function goToolBinary(tool: GoTool, binary: string, log: (line: string) => void = () => {}): string {
  if (hasGo()) return join(ensureGoTool(tool, log), binary);
  const onPath = findTool(binary);
  if (onPath.path) return onPath.path;
  throw new Error(
    `${binary} is not on PATH and Go is not installed to build the pinned ${pinnedVersion(tool)} ` +
      `(scripts/go-tools/${tool.module}); install Go, or ${binary}`,
  );
}
