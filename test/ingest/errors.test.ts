/** The attempt-failure taxonomy (functions/core/errors.ts): what the handler logs and the CLI reports. */
import { describe, expect, it } from 'vitest';
import { attemptFailureKind, FileRejection, LedgerContention, MalformedMessage } from '../../functions/core/errors.js';

describe('attemptFailureKind', () => {
  it.each([
    ['a full disk', Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' }), 'storage'],
    ['a permission the store refuses', Object.assign(new Error('EACCES'), { code: 'EACCES' }), 'storage'],
    ['an AWS SDK service error', Object.assign(new Error('slow down'), { name: 'SlowDown', $metadata: {} }), 'storage'],
    ['S3 throttling by name', Object.assign(new Error('throttled'), { name: 'ThrottlingException' }), 'storage'],
    ['a ledger that kept changing', new LedgerContention('claiming k: kept changing'), 'contention'],
    ['a queue message that is no S3 notification', new MalformedMessage('SQS message m is not …'), 'message'],
    ['a TypeError', new TypeError('x is undefined'), 'bug'],
    ['a thrown string', 'oops', 'bug'],
    ['a code that is no errno', Object.assign(new Error('x'), { code: 'not_utf8' }), 'bug'],
  ] as const)('%s → %s', (_, error, kind) => {
    expect(attemptFailureKind(error)).toBe(kind);
  });

  it('a file rejection carries a rule of the union, not free text', () => {
    const rejection = new FileRejection('record_too_long', 'row 3 is longer than …');
    expect(rejection.rule).toBe('record_too_long');
    expect(rejection).toBeInstanceOf(Error);
  });
});
