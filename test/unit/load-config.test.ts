import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/config/config-error.ts';
import { loadConfig, redactedConfig } from '../../lib/config/load-config.ts';
import { secretVariables } from '../../lib/config/secrets.ts';
import { SETTINGS } from '../../lib/config/settings.ts';
import { chooseTarget } from '../../lib/config/target-choice.ts';

function dirWithEnv(content?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  if (content !== undefined) writeFileSync(join(dir, '.env'), content);
  return dir;
}

const load = (flags: Record<string, string>, env: Record<string, string>, envFile?: string) =>
  loadConfig({ flags: new Map(Object.entries(flags)), env, cwd: dirWithEnv(envFile) });

describe('loadConfig', () => {
  it('uses the defaults when nothing is set (embedded run)', () => {
    const config = load({}, {});
    expect(config.baseUrl).toBeUndefined();
    expect(config.profile).toBe('full');
    expect(config.clientId).toBe('difyctl');
    expect(config.reportDir).toBe('reports');
    expect(config.fuzzRuns).toBe(4);
    expect(config.sources.profile).toBe('default');
  });

  it('takes flags over the environment over .env over defaults', () => {
    const envFile = 'DIFY_CLIENT_ID=from-file\nDIFY_PROFILE=read-only\nDIFY_FUZZ_RUNS=7\n';
    const config = load({ '--client-id': 'from-flag' }, { DIFY_CLIENT_ID: 'from-env', DIFY_PROFILE: 'full' }, envFile);
    expect(config.clientId).toBe('from-flag');
    expect(config.sources.clientId).toBe('flag');
    expect(config.profile).toBe('full');
    expect(config.sources.profile).toBe('environment');
    expect(config.fuzzRuns).toBe(7);
    expect(config.sources.fuzzRuns).toBe('.env');
  });

  it('treats an empty variable as unset, and remembers who named it', () => {
    const config = load({}, { DIFY_BASE_URL: '', DIFY_CLIENT_ID: ' ' });
    expect(config.baseUrl).toBeUndefined();
    expect(config.clientId).toBe('difyctl');
    expect(config.blank).toEqual({ baseUrl: 'environment' });
  });

  it('takes every default from the settings table', () => {
    const config = load({}, {}) as unknown as Record<string, unknown>;
    for (const setting of SETTINGS.filter((s) => s.defaultValue !== undefined)) {
      expect(String(config[setting.key]), setting.env).toBe(setting.defaultValue);
    }
  });

  it('refuses an unknown DIFY_ name in .env with the closest setting, and warns about one in the environment', () => {
    expect(() => load({}, {}, 'DIFY_BASEURL=http://x/openapi/v1\n')).toThrow(
      /DIFY_BASEURL in the \.env file is not a setting of dify-conformance; did you mean DIFY_BASE_URL\?/,
    );
    expect(() => load({}, { DIFY_TOKN: 'x' })).toThrow(/DIFY_TOKN in the environment is not a setting of dify-conformance; did you mean DIFY_TOKEN\?/);
    expect(load({}, { DIFY_API_KEY_OF_THE_DEPLOYMENT: 'x' }).warnings).toEqual([
      'DIFY_API_KEY_OF_THE_DEPLOYMENT in the environment is not a setting of dify-conformance and is ignored',
    ]);
  });

  it('reads --fail-on and --wait-for-server', () => {
    expect(load({ '--fail-on': 'SHOULD', '--wait-for-server': '30' }, {})).toMatchObject({ failOn: 'should', waitForServerSeconds: 30 });
    expect(() => load({}, { DIFY_FAIL_ON: 'may' })).toThrow(/DIFY_FAIL_ON \(environment\) must be "must" or "should", got "may"/);
  });

  it('normalises the base URL and requires a token with it', () => {
    expect(load({}, { DIFY_BASE_URL: 'https://x.example/openapi/v1/', DIFY_TOKEN: 'dfoa_abc' }).baseUrl).toBe('https://x.example/openapi/v1');
    expect(() => load({}, { DIFY_BASE_URL: 'https://x.example/openapi/v1' })).toThrow(/DIFY_TOKEN is not set/);
  });

  it.each([
    [{ DIFY_BASE_URL: 'not a url', DIFY_TOKEN: 't0k3n-123' }, /DIFY_BASE_URL \(environment\) is not a URL/],
    [{ DIFY_BASE_URL: 'ftp://x/openapi/v1', DIFY_TOKEN: 't0k3n-123' }, /must be an http or https URL/],
    [{ DIFY_BASE_URL: 'http://x/openapi/v1?a=1', DIFY_TOKEN: 't0k3n-123' }, /must not carry a query/],
    [{ DIFY_PROFILE: 'everything' }, /DIFY_PROFILE \(environment\) must be "full" or "read-only"/],
    [{ DIFY_FUZZ_RUNS: '-1' }, /DIFY_FUZZ_RUNS \(environment\) must be a whole number \(0 or more\), got "-1"/],
    [{ DIFY_FUZZ_RUNS: '2.5' }, /must be a whole number/],
    [{ DIFY_MAX_REQUESTS_PER_MINUTE: '-1' }, /DIFY_MAX_REQUESTS_PER_MINUTE .* must be a whole number \(0 or more\)/],
    [{ DIFY_CONSOLE_COOKIE: 'access_token=abc' }, /DIFY_CONSOLE_COOKIE and DIFY_CONSOLE_CSRF_TOKEN go together/],
    [{ DIFY_BASE_URL: 'http://x/openapi/v1', DIFY_TOKEN: 'two words' }, /single token without spaces/],
    [{ DIFY_BASE_URL: 'http://x/openapi/v1', DIFY_TOKEN: 'dfoa_x', DIFY_REFERENCE_FAULTS: 'health-bad-body' }, /only applies to the embedded reference server/],
  ])('rejects %j with one clear message', (env, message) => {
    expect(() => load({}, env)).toThrow(ConfigError);
    expect(() => load({}, env)).toThrow(message);
  });

  it('names the .env file as the origin of a bad value', () => {
    expect(() => load({}, {}, 'DIFY_SEED=abc\n')).toThrow(/DIFY_SEED \(\.env file\) must be a whole number \(0 or more\), got "abc"/);
  });

  it('refuses a named env file that does not exist', () => {
    expect(() => loadConfig({ flags: new Map(), env: {}, cwd: dirWithEnv(), envFile: 'missing.env' })).toThrow(/missing\.env does not exist/);
  });

  it('echoes the configuration with secrets redacted', () => {
    const config = load(
      {},
      {
        DIFY_BASE_URL: 'http://x/openapi/v1',
        DIFY_TOKEN: 'dfoa_secretvalue',
        DIFY_APP_ID_CHAT: 'app-1',
        DIFY_CONSOLE_COOKIE: 'a=b',
        DIFY_CONSOLE_CSRF_TOKEN: 'csrf-secret',
      },
    );
    const echoed = redactedConfig(config);
    expect(JSON.stringify(echoed)).not.toMatch(/secretvalue|csrf-secret|a=b/);
    expect(echoed['DIFY_TOKEN']).toEqual({ value: '[REDACTED]', source: 'environment' });
    expect(echoed['DIFY_APP_ID_CHAT']).toEqual({ value: 'app-1', source: 'environment' });
    expect(echoed['DIFY_BASE_URL']).toEqual({ value: 'http://x/openapi/v1', source: 'environment' });
  });
});

describe('secretVariables', () => {
  it('maps each secret of a target to the variable that stands for it, from the settings table', () => {
    expect([...secretVariables({ token: 'dfoa_a', consoleCookie: 'c=1', consoleCsrfToken: 'csrf', externalToken: undefined, workspaceId: 'ws' })]).toEqual([
      ['dfoa_a', 'DIFY_TOKEN'],
      ['c=1', 'DIFY_CONSOLE_COOKIE'],
      ['csrf', 'DIFY_CONSOLE_CSRF_TOKEN'],
    ]);
  });
});

describe('chooseTarget: the target is explicit', () => {
  const choose = (env: Record<string, string>, embedded = false, envFile?: string) => chooseTarget(load({}, env, envFile), { embedded, env });

  it('tests the embedded server when nothing names a server, or when it is asked for', () => {
    expect(choose({})).toBe('embedded');
    expect(choose({ CI: 'true' }, true)).toBe('embedded');
    expect(choose({ CI: 'true', DIFY_REFERENCE_FAULTS: 'version-empty' })).toBe('embedded');
    expect(choose({ CI: 'false' })).toBe('embedded');
    expect(choose({ DIFY_BASE_URL: 'http://x/openapi/v1', DIFY_TOKEN: 'dfoa_x' })).toBe('url');
  });

  it.each([
    [{ CI: 'true' }, /no server to test: CI is set and DIFY_BASE_URL is not/],
    [{ DIFY_BASE_URL: '', DIFY_TOKEN: 'dfoa_x' }, /DIFY_BASE_URL \(environment\) is empty/],
    [{ DIFY_WORKSPACE_ID: 'ws-1' }, /DIFY_WORKSPACE_ID \(environment\) describes a server, but DIFY_BASE_URL is not set/],
    [{ DIFY_TOKEN: 'dfoa_x' }, /DIFY_TOKEN \(environment\) describes a server/],
  ])('refuses %j', (env, message) => {
    expect(() => choose(env)).toThrow(ConfigError);
    expect(() => choose(env)).toThrow(message);
  });

  it('refuses --embedded together with a base URL', () => {
    expect(() => choose({ DIFY_BASE_URL: 'http://x/openapi/v1', DIFY_TOKEN: 'dfoa_x' }, true)).toThrow(
      /--embedded asks for the embedded reference server, but DIFY_BASE_URL \(environment\) names http:\/\/x\/openapi\/v1/,
    );
  });
});
