import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { didChangeConfigurationParams, type Inspected, readerOf, serverSettings } from '../../src/settings';

/** A reader over explicit per-scope values, keyed like `WorkspaceConfiguration.inspect`. */
function reader(values: Record<string, Inspected & { defaultValue?: unknown }>) {
  return { keys: () => Object.keys(values), inspect: (key: string) => values[key] };
}

describe('serverSettings', () => {
  it('sends nothing when the user set nothing, whatever the defaults', () => {
    const settings = serverSettings(
      reader({
        scope: { defaultValue: 'folder' },
        'debounce-ms': { defaultValue: 50 },
        checks: { defaultValue: { 'duplicate-paragraph': { enabled: true } } },
      }),
    );
    assert.deepEqual(settings, {});
  });

  it('uses the keys of .copydesk.toml and leaves out the extension\'s own settings', () => {
    const settings = serverSettings(
      reader({
        path: { globalValue: '/opt/copydesk' },
        trace: { globalValue: { server: 'verbose' } },
        scope: { globalValue: 'workspace' },
        globs: { globalValue: ['**/*.news'] },
        'debounce-ms': { globalValue: 200 },
        'max-file-size': { globalValue: 1024 },
        checks: { globalValue: { 'duplicate-paragraph': { enabled: false, severity: 'error' } } },
      }),
    );
    assert.deepEqual(settings, {
      scope: 'workspace',
      globs: ['**/*.news'],
      'debounce-ms': 200,
      'max-file-size': 1024,
      checks: { 'duplicate-paragraph': { enabled: false, severity: 'error' } },
    });
  });

  it('lets folder settings override workspace settings override user settings, check by check', () => {
    const settings = serverSettings(
      reader({
        scope: { globalValue: 'file', workspaceValue: 'folder', workspaceFolderValue: 'workspace' },
        checks: {
          globalValue: { 'duplicate-paragraph': { enabled: false, severity: 'hint' } },
          workspaceValue: { 'duplicate-paragraph': { severity: 'error' } },
        },
      }),
    );
    assert.deepEqual(settings, {
      scope: 'workspace',
      checks: { 'duplicate-paragraph': { enabled: false, severity: 'error' } },
    });
  });

  it('drops nulls, which is how settings.json unsets a value', () => {
    const settings = serverSettings(
      reader({ scope: { globalValue: null }, checks: { globalValue: { 'duplicate-paragraph': { severity: null } } } }),
    );
    assert.deepEqual(settings, {});
  });

  it('passes on keys package.json does not declare yet, but never the extension\'s own', () => {
    const settings = serverSettings(
      reader({
        names: { globalValue: { house: ['Sergey Lavrov'] } },
        path: { globalValue: '/opt/copydesk' },
        trace: { globalValue: { server: 'off' } },
      }),
    );
    assert.deepEqual(settings, { names: { house: ['Sergey Lavrov'] } });
  });

  it('reads the keys of a WorkspaceConfiguration from its own properties', () => {
    const config = {
      scope: 'file',
      checks: {},
      get: () => undefined,
      has: () => false,
      update: async () => undefined,
      inspect: (key: string) => ({ globalValue: key === 'scope' ? 'file' : undefined }),
    };
    assert.deepEqual(readerOf(config).keys(), ['scope', 'checks']);
    assert.deepEqual(serverSettings(readerOf(config)), { scope: 'file' });
  });

  it('wraps didChangeConfiguration settings in the copydesk section, even when empty', () => {
    assert.deepEqual(didChangeConfigurationParams({}), { settings: { copydesk: {} } });
    assert.deepEqual(didChangeConfigurationParams({ scope: 'file' }), { settings: { copydesk: { scope: 'file' } } });
  });
});
