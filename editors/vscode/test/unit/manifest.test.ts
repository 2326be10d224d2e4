// package.json: what VS Code reads before any code runs.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { EXTENSION_KEYS } from '../../src/settings';

const root = path.resolve(__dirname, '../../..');
interface Property {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    languages: { id: string; extensions: string[] }[];
    commands: { command: string }[];
    configuration: { properties: Record<string, Property> };
  };
};
const properties = manifest.contributes.configuration.properties;

describe('package.json', () => {
  it('activates on plain text and news files', () => {
    assert.ok(manifest.activationEvents.includes('onLanguage:plaintext'));
    assert.ok(manifest.activationEvents.includes('onLanguage:news'));
    const news = manifest.contributes.languages.find((l) => l.id === 'news');
    assert.deepEqual(news?.extensions, ['.news']);
  });

  it('points main at the compiled extension', () => {
    assert.ok(fs.existsSync(path.join(root, manifest.main)), manifest.main);
  });

  it('contributes the restart command', () => {
    assert.ok(manifest.contributes.commands.some((c) => c.command === 'copydesk.restart'));
  });

  it('declares the extension\'s own settings and those of .copydesk.toml', () => {
    for (const key of Object.keys(properties)) {
      assert.match(key, /^copydesk\./);
    }
    for (const own of EXTENSION_KEYS) {
      assert.ok(Object.keys(properties).some((key) => key.startsWith(`copydesk.${own}`)), own);
    }
    for (const key of ['copydesk.path', 'copydesk.scope', 'copydesk.globs', 'copydesk.debounce-ms', 'copydesk.max-file-size']) {
      assert.ok(properties[key], key);
    }
    assert.deepEqual(properties['copydesk.scope']?.enum, ['file', 'folder', 'workspace']);
  });

  it('has an on/off switch and a severity for every check', () => {
    const checks = new Set(
      Object.keys(properties)
        .filter((key) => key.startsWith('copydesk.checks.'))
        .map((key) => key.split('.')[2]),
    );
    assert.ok(checks.has('duplicate-paragraph'));
    for (const check of checks) {
      assert.equal(properties[`copydesk.checks.${check}.enabled`]?.type, 'boolean', check);
      assert.deepEqual(properties[`copydesk.checks.${check}.severity`]?.enum, ['error', 'warning', 'information', 'hint']);
    }
  });

  it('has settings for every check the server documents in docs/checks.md', () => {
    const manual = fs.readFileSync(path.join(root, '../../docs/checks.md'), 'utf8');
    const documented = [...manual.matchAll(/^## `([a-z-]+)`$/gm)].map((m) => m[1] as string);
    assert.ok(documented.includes('duplicate-paragraph'), 'docs/checks.md lists the checks');
    for (const check of documented) {
      for (const key of ['enabled', 'severity']) {
        assert.ok(
          properties[`copydesk.checks.${check}.${key}`],
          `docs/checks.md documents the check ${check}: declare copydesk.checks.${check}.${key} in editors/vscode/package.json`,
        );
      }
    }
  });

  it('targets the VS Code version its API types describe', () => {
    const engine = manifest.engines.vscode.replace(/^\^/, '');
    assert.equal(manifest.devDependencies['@types/vscode'], engine);
  });
});
