/** One build per workspace: the lock is exclusive, released, and a dead holder's lock is taken over. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireBuildLock, buildLockHolder, buildLockPath } from '../../functions/local/build-lock.js';
import { OpslakeError } from '../../functions/local/errors.js';

const root = mkdtempSync(join(tmpdir(), 'opslake-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Above Linux's largest pid (2^22): no process has it. */
const DEAD_PID = 2 ** 31 - 1;

describe('build lock', () => {
  it('is held by this process until released, and refuses a second build meanwhile', async () => {
    const lock = await acquireBuildLock(root);
    expect(JSON.parse(readFileSync(buildLockPath(root), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(await buildLockHolder(root)).toMatchObject({ pid: process.pid });
    const second = await acquireBuildLock(root).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(OpslakeError);
    expect((second as OpslakeError).kind).toBe('environment');
    expect((second as Error).message).toMatch(
      new RegExp(`^a build is already running in ${root} \\(process ${process.pid}, started .+\\): wait for it`),
    );
    await lock.release();
    expect(existsSync(buildLockPath(root))).toBe(false);
    expect(await buildLockHolder(root)).toBeNull();
  });

  it('takes over a lock whose process is gone, or that was never written', async () => {
    for (const stale of [JSON.stringify({ pid: DEAD_PID, startedAt: 'then' }), '']) {
      writeFileSync(buildLockPath(root), stale);
      expect(await buildLockHolder(root)).toBeNull();
      const lock = await acquireBuildLock(root);
      expect(JSON.parse(readFileSync(buildLockPath(root), 'utf8'))).toMatchObject({ pid: process.pid });
      await lock.release();
    }
  });
});
