/**
 * The sign-in token lifetime has one owner, the backend's config: the chart's backend.tokenTtlSeconds takes
 * its range from it and becomes the backend's TOKEN_TTL_SECONDS, whose expires_in the frontend gives its
 * session cookies (apps/backend/test/session-lifetime.test.ts, apps/frontend/test/unit/session.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, TOKEN_TTL_RANGE } from '../../apps/backend/src/config';
import { helm, helmTemplate, testWithHelm, writeFreshChart } from './support/helm';

const helmTest = testWithHelm('the token lifetime tests with helm');
const chartDir = writeFreshChart();

/** The backend container's environment as the chart renders it with `sets`. */
function backendEnv(sets: string[]): NodeJS.ProcessEnv {
  const backend = helmTemplate(
    chartDir,
    sets.flatMap((set) => ['--set', set]),
  ).find((o) => o.kind === 'Deployment' && o.metadata.name === 'todo-app-backend')!;
  const env: { name: string; value?: string }[] = backend.spec.template.spec.containers[0].env;
  return Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
}

test("the chart's range for backend.tokenTtlSeconds is the backend's TOKEN_TTL_RANGE", () => {
  const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8'));
  expect(schema.properties.backend.properties.tokenTtlSeconds).toMatchObject({
    minimum: TOKEN_TTL_RANGE.min,
    maximum: TOKEN_TTL_RANGE.max,
  });
});

helmTest('a lifetime set in the chart is the one the backend runs with', () => {
  for (const ttl of [TOKEN_TTL_RANGE.min, 3600, TOKEN_TTL_RANGE.max]) {
    const env = backendEnv([`backend.tokenTtlSeconds=${ttl}`]);
    expect(env.TOKEN_TTL_SECONDS).toBe(String(ttl));
    expect(loadConfig({ ...env, JWT_SECRET: 'x'.repeat(32) }).tokenTtlSeconds).toBe(ttl);
  }
});

helmTest('helm refuses a lifetime the backend would refuse, naming the value', () => {
  for (const ttl of [TOKEN_TTL_RANGE.min - 1, TOKEN_TTL_RANGE.max + 1]) {
    const result = helm(['template', 'todo-app', chartDir, '--set', `backend.tokenTtlSeconds=${ttl}`]);
    expect(result.status).not.toBe(0);
    // Helm 3 names the value backend.tokenTtlSeconds, Helm 4 /backend/tokenTtlSeconds.
    expect(result.stderr).toMatch(/backend[./]tokenTtlSeconds/);
    expect(() => loadConfig({ TOKEN_TTL_SECONDS: String(ttl) })).toThrow(/TOKEN_TTL_SECONDS/);
  }
});
