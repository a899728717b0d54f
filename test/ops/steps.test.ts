/** The step runner deploy and release share (scripts/lib/steps.ts), and their one container-CLI choice. */
import { PassThrough } from 'node:stream';
import { detectContainerCli } from '../../scripts/lib/container-cli';
import { createProgress } from '../../scripts/lib/progress';
import { dryRun, must, runSteps, Step, StepContext, StepFailure } from '../../scripts/lib/steps';
import { runRelease } from '../release/support/release-cli';

interface Ctx extends StepContext {
  ran: string[];
}

/** A progress display writing to a string (not a terminal: plain lines). */
function recorded() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += chunk));
  return { progress: createProgress(out as unknown as NodeJS.WriteStream), text: () => text };
}

const step = (name: string, run: (ctx: Ctx) => string | undefined, local = false): Step<Ctx> => ({
  name,
  local,
  plan: () => [`do ${name}`],
  run: (ctx) => {
    ctx.ran.push(name);
    return run(ctx);
  },
});

test('steps run in order; the first failure shows its fix and stops the rest; warnings follow their step', async () => {
  const ctx: Ctx = { ran: [], warnings: [] };
  const { progress, text } = recorded();
  const ok = await runSteps(
    [
      step('first', (c) => (c.warnings.push('careful'), 'done')),
      step('second', () => {
        throw new StepFailure('it broke', 'mend it');
      }),
      step('third', () => 'never'),
    ],
    ctx,
    progress,
  );
  expect(ok).toBe(false);
  expect(ctx.ran).toEqual(['first', 'second']);
  expect(text()).toMatch(
    /✔ first: done \(\d+\.\ds\)\n! first: careful\n… second\n✖ second failed .*\n {2}it broke\n {2}fix: mend it\n$/,
  );
});

test('an error that is not a StepFailure is a bug: it propagates', async () => {
  const boom = step('boom', () => {
    throw new TypeError('bug');
  });
  await expect(runSteps([boom], { ran: [], warnings: [] }, recorded().progress)).rejects.toThrow(TypeError);
});

test('must: the result when the command succeeded, else the message with its last lines and the fix', () => {
  const ok = { status: 0, stdout: 'fine', stderr: '' };
  expect(must(ok, 'x', 'y')).toBe(ok);
  const failed = { status: 1, stdout: '', stderr: 'one\ntwo\nthree\nfour\n' };
  expect(() => must(failed, 'it failed', 'do this')).toThrow(
    new StepFailure('it failed: two three four', 'do this'),
  );
  expect(() => must({ status: 3, stdout: '', stderr: '' }, 'silent', 'z')).toThrow('silent: exit 3');
});

test('--dry-run runs only the local steps, then prints every plan', async () => {
  const ctx: Ctx = { ran: [], warnings: [] };
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const steps = [step('check', () => 'ok', true), step('change', () => 'changed')];
    expect(await dryRun(steps, ctx, 'Plan:', recorded().progress)).toBe(true);
    expect(ctx.ran).toEqual(['check']);
    expect(log.mock.calls.map((call) => call[0])).toEqual([
      'Plan:',
      '1. check   (checked above)',
      '     do check',
      '2. change',
      '     do change',
    ]);
  } finally {
    log.mockRestore();
  }
});

test('CONTAINER_CLI picks the container CLI, for deploy and release alike', () => {
  expect(detectContainerCli({ CONTAINER_CLI: 'podman' })).toBe('podman');
  expect(detectContainerCli({ CONTAINER_CLI: 'docker' })).toBe('docker');
  for (const cli of ['podman', 'docker']) {
    const plan = runRelease(['--dry-run', '--registry', 'example.com/team', '--no-sign'], {
      CONTAINER_CLI: cli,
    });
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain(`CONTAINER_CLI=${cli} bash scripts/images/build-images.sh`);
    expect(plan.stdout).toMatch(new RegExp(`${cli} push .*example\\.com/team/todo-backend:`));
  }
});
