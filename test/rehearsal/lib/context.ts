/**
 * What test/rehearsal/main.ts hands the tests: the images it built from the working
 * tree (tag, mounted root filesystems, configs), the chart to render, and a
 * directory for the run. Plus the test's own Secret and chart rendering.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { helmTemplate, writeValuesFile } from '../../synth/support/helm';
import type { Secrets } from './pod-plan';
import type { ImageIndex, KubeObject } from './rehearsal';

export interface RehearsalContext {
  /** The tag both images were built with for this run. */
  tag: string;
  /** The chart directory to render. */
  chart: string;
  images: ImageIndex;
  /** A directory of this run, removed by main.ts whatever happens. */
  runDir: string;
}

export const CONTEXT_VARIABLE = 'REHEARSAL_CONTEXT';
export const RELEASE = 'todo-app';
export const NAMESPACE = 'todo-app';

export function loadContext(): RehearsalContext {
  const file = process.env[CONTEXT_VARIABLE];
  if (!file)
    throw new Error(
      `${CONTEXT_VARIABLE} is not set: run the rehearsal with npm run test:rehearsal (test/rehearsal/main.ts)`,
    );
  return JSON.parse(readFileSync(file, 'utf8')) as RehearsalContext;
}

interface Values {
  [key: string]: unknown;
}

/** `helm template` of the chart with these values, pointing both workloads at this run's images. */
export function renderChart(context: RehearsalContext, values: Values = {}): KubeObject[] {
  const withImage = (workload: unknown) => {
    const given = (workload ?? {}) as Values;
    return { ...given, image: { ...(given.image as Values), tag: context.tag } };
  };
  const merged = { ...values, backend: withImage(values.backend), frontend: withImage(values.frontend) };
  return helmTemplate(context.chart, ['-f', writeValuesFile(merged)], RELEASE, NAMESPACE);
}

/** The Secret the chart expects, with a JWT_SECRET made for this test only (it lives in memory). */
export function testSecrets(name = 'app-secrets'): Secrets {
  return { [name]: { JWT_SECRET: randomBytes(32).toString('hex') } };
}

export const workDir = (context: RehearsalContext, prefix: string) =>
  mkdtempSync(join(context.runDir, `${prefix}-`));
