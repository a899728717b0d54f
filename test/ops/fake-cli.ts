/**
 * Fake kubectl, helm, minikube and podman for testing our deploy orchestration:
 * each records its argv and stdin to a log and answers from a scenario, so the
 * tests see exactly which commands deploy runs, in which order, with what input.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Call {
  tool: string;
  argv: string[];
  stdin: string;
}

/** Failures the fakes act out, switched on by environment variables. */
export type Scenario = Partial<
  Record<'CLUSTER_DOWN' | 'NO_SECRET' | 'NO_NAMESPACE' | 'NO_INGRESS' | 'HELM_FAILS' | 'BUILD_FAILS', boolean>
>;

const FAKE = `#!/usr/bin/env node
const fs = require('node:fs');
const tool = require('node:path').basename(process.argv[1]);
const argv = process.argv.slice(2);
let stdin = '';
try { if (!process.stdin.isTTY) stdin = fs.readFileSync(0, 'utf8'); } catch {}
fs.appendFileSync(process.env.FAKE_LOG, JSON.stringify({ tool, argv, stdin }) + '\\n');
const has = (...words) => words.every((w) => argv.includes(w));
const fail = (msg, code = 1) => { process.stderr.write(msg + '\\n'); process.exit(code); };
const s = (name) => process.env['FAKE_' + name] === '1';
if (tool === 'kubectl') {
  if (has('config', 'current-context')) { console.log('minikube'); process.exit(0); }
  if (has('version')) { if (s('CLUSTER_DOWN')) fail('The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?'); console.log('{}'); process.exit(0); }
  if (has('get', 'ingressclass')) { if (s('NO_INGRESS')) fail('Error from server (NotFound): ingressclasses.networking.k8s.io "nginx" not found'); console.log('ingressclass.networking.k8s.io/nginx'); process.exit(0); }
  if (has('get', 'namespace')) { if (s('NO_NAMESPACE')) fail('Error from server (NotFound): namespaces "todo-app" not found'); console.log('namespace/todo-app'); process.exit(0); }
  if (has('create', 'namespace')) { console.log('namespace/todo-app created'); process.exit(0); }
  if (has('get', 'secret')) { if (s('NO_SECRET')) fail('Error from server (NotFound): secrets "app-secrets" not found'); console.log('secret/app-secrets'); process.exit(0); }
  if (has('apply')) { console.log('secret/app-secrets configured'); process.exit(0); }
}
if (tool === 'helm') { if (s('HELM_FAILS')) fail('Error: UPGRADE FAILED: context deadline exceeded'); console.log('Release "todo-app" has been upgraded. Happy Helming!'); process.exit(0); }
if (tool === 'minikube') { if (has('ip')) console.log('192.168.49.2'); process.exit(0); }
if (tool === 'podman' || tool === 'docker') { if (s('BUILD_FAILS')) fail('Error: building at STEP "RUN npm ci": exit status 1'); process.exit(0); }
process.exit(0);
`;

export class FakeClis {
  readonly dir = mkdtempSync(join(tmpdir(), 'fake-cli-'));
  readonly log = join(this.dir, 'calls.log');

  constructor(tools = ['kubectl', 'helm', 'minikube', 'podman']) {
    for (const tool of tools) {
      writeFileSync(join(this.dir, tool), FAKE);
      chmodSync(join(this.dir, tool), 0o755);
    }
    writeFileSync(this.log, '');
  }

  env(scenario: Scenario = {}): NodeJS.ProcessEnv {
    const flags = Object.fromEntries(
      Object.entries(scenario)
        .filter(([, on]) => on)
        .map(([k]) => [`FAKE_${k}`, '1']),
    );
    // Only the fakes (plus node, bash and coreutils) are on PATH: no real cluster tool can be reached.
    return {
      PATH: `${this.dir}:${join(process.execPath, '..')}:/usr/bin:/bin`,
      FAKE_LOG: this.log,
      HOME: this.dir,
      CI: 'true',
      ...flags,
    };
  }

  calls(): Call[] {
    if (!existsSync(this.log)) return [];
    return readFileSync(this.log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }
}
