import { afterEach, describe, expect, it, vi } from 'vitest';
import setup from './global-setup.js';

describe('the suite refuses to skip a configured but unreachable server', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('fails on an unreachable TEST_DATABASE_URL, naming the variable', async () => {
    vi.stubEnv('TEST_DATABASE_URL', 'postgres://postgres@127.0.0.1:1/test');
    vi.stubEnv('TEST_REDIS_URL', '');
    await expect(setup()).rejects.toThrow(/TEST_DATABASE_URL is set but PostgreSQL cannot be reached/);
  });

  it('fails on an unreachable TEST_REDIS_URL, naming the variable', async () => {
    vi.stubEnv('TEST_DATABASE_URL', '');
    vi.stubEnv('TEST_REDIS_URL', 'redis://127.0.0.1:1');
    await expect(setup()).rejects.toThrow(/TEST_REDIS_URL is set but Redis cannot be reached/);
  });
});
