import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../functions/serve/response-cache.js';

describe('ResponseCache', () => {
  it('computes an answer once per key and gives it back after', async () => {
    const cache = new ResponseCache();
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('b', compute)).toBe(2);
    expect(computed).toBe(2);
  });

  it('does not keep a failed computation', async () => {
    const cache = new ResponseCache();
    await expect(cache.get('a', async () => Promise.reject(new Error('bad month')))).rejects.toThrow('bad month');
    expect(cache.size).toBe(0);
    expect(await cache.get('a', async () => 'ok')).toBe('ok');
  });

  it('evicts the least recently used answer beyond its capacity', async () => {
    const cache = new ResponseCache(2);
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    await cache.get('a', async () => 'a2'); // a is now the newest
    await cache.get('c', async () => 'c1'); // b goes
    expect(cache.size).toBe(2);
    expect(await cache.get('a', async () => 'a3')).toBe('a1');
    expect(await cache.get('b', async () => 'b2')).toBe('b2');
  });
});
