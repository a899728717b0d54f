/** The embedded database's own settings, which the pod's memory limit depends on. */
import { expect } from 'expect';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openEmbedded } from '../src/db/embedded';

test('the embedded database keeps small buffers, on a new data directory and on reopening it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'todo-embedded-'));
  for (const round of ['new', 'reopened']) {
    const db = await openEmbedded(dataDir);
    try {
      const settings = await db.query<{ name: string; setting: string; unit: string }>(
        "SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem') ORDER BY name",
      );
      // shared_buffers counts 8kB blocks: 2048 × 8kB = 16MB, not initdb's 128MB.
      expect({ round, settings }).toEqual({
        round,
        settings: [
          { name: 'shared_buffers', setting: '2048', unit: '8kB' },
          { name: 'work_mem', setting: '2048', unit: 'kB' },
        ],
      });
    } finally {
      await db.close();
    }
  }
});
