// activate(), the restart command and the settings plumbing, against stubs of `vscode` and
// `vscode-languageclient/node` (see register.ts).

import './register';

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';

import * as extension from '../../src/extension';
import * as lc from './stubs/languageclient';
import * as vscode from './stubs/vscode';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-ext-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function executable(relative: string): string {
  const full = path.join(root, relative);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, '#!/bin/sh\n');
  fs.chmodSync(full, 0o755);
  return full;
}

const onPath = executable('bin/copydesk');
const other = executable('other/copydesk');
const emptyDir = path.join(root, 'empty');
fs.mkdirSync(emptyDir);
const originalPath = process.env['PATH'];

function context() {
  return { subscriptions: [] as { dispose(): unknown }[] };
}

async function activate(): Promise<ReturnType<typeof context>> {
  const ctx = context();
  // The stub implements the part of ExtensionContext the extension uses.
  await extension.activate(ctx as never);
  return ctx;
}

function lastClient(): lc.LanguageClient {
  const client = lc.state.clients[lc.state.clients.length - 1];
  assert.ok(client, 'a LanguageClient was created');
  return client;
}

/** Lets queued promise callbacks (restarts, error-message answers) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

beforeEach(async () => {
  await extension.deactivate();
  vscode.reset();
  lc.reset();
  process.env['PATH'] = path.join(root, 'bin');
});

after(() => {
  process.env['PATH'] = originalPath;
});

describe('activate', () => {
  it('starts copydesk lsp from PATH over stdio for plain text and news files', async () => {
    await activate();
    assert.equal(lc.state.clients.length, 1);
    const client = lastClient();
    assert.equal(client.id, 'copydesk');
    assert.deepEqual(client.serverOptions, { command: onPath, args: ['lsp'], transport: lc.TransportKind.stdio });
    const languages = client.clientOptions.documentSelector.map((s: { language: string }) => s.language);
    assert.ok(languages.includes('plaintext'), JSON.stringify(languages));
    assert.ok(languages.includes('news'), JSON.stringify(languages));
    assert.equal(client.starts, 1);
    assert.ok(client.isRunning());
    assert.deepEqual(vscode.state.errors, []);
  });

  it('registers copydesk.restart', async () => {
    const ctx = await activate();
    assert.ok(vscode.state.commands.has('copydesk.restart'));
    assert.ok(ctx.subscriptions.length >= 3, 'the command, the settings listener and the client are disposed with the extension');
  });

  it('passes the settings the user set as initializationOptions', async () => {
    vscode.set('copydesk.path', '');
    vscode.set('copydesk.scope', 'file');
    vscode.set('copydesk.checks.duplicate-paragraph.severity', 'error', 'workspace');
    vscode.set('copydesk.trace.server', 'verbose');
    await activate();
    assert.deepEqual(lastClient().clientOptions.initializationOptions, {
      scope: 'file',
      checks: { 'duplicate-paragraph': { severity: 'error' } },
    });
  });

  it('uses copydesk.path when it is set', async () => {
    vscode.set('copydesk.path', other);
    await activate();
    assert.equal(lastClient().serverOptions.command, other);
  });

  it('shows the fix when copydesk is not on PATH, and opens the setting on request', async () => {
    process.env['PATH'] = emptyDir;
    vscode.state.errorChoice = 'Open Settings';
    await activate();
    assert.equal(lc.state.clients.length, 0, 'no client without a binary');
    assert.deepEqual(vscode.state.errors, [
      {
        message:
          'copydesk was not found on PATH. Install it with `cargo install --path .` from the copydesk repository, or set copydesk.path.',
        items: ['Open Settings'],
      },
    ]);
    await vscode.state.lastError;
    assert.deepEqual(vscode.state.executed, [{ command: 'workbench.action.openSettings', args: ['copydesk.path'] }]);
  });

  it('names a wrong copydesk.path', async () => {
    vscode.set('copydesk.path', path.join(root, 'nowhere/copydesk'));
    await activate();
    assert.equal(lc.state.clients.length, 0);
    assert.equal(vscode.state.errors.length, 1);
    assert.match(vscode.state.errors[0]?.message ?? '', /copydesk\.path is set to ".*nowhere\/copydesk", which is not an executable file/);
  });

  it('reports a server that fails to start', async () => {
    lc.state.startError = new Error('spawn EACCES');
    await activate();
    assert.equal(vscode.state.errors.length, 1);
    assert.match(vscode.state.errors[0]?.message ?? '', /failed to start: spawn EACCES/);
  });
});

describe('copydesk.restart', () => {
  it('stops the client and starts a new one', async () => {
    await activate();
    const first = lastClient();
    await vscode.state.commands.get('copydesk.restart')?.();
    assert.equal(first.stops, 1);
    assert.equal(lc.state.clients.length, 2);
    assert.ok(lastClient().isRunning());
  });

  it('picks up a binary installed since the last attempt', async () => {
    process.env['PATH'] = emptyDir;
    await activate();
    assert.equal(lc.state.clients.length, 0);
    process.env['PATH'] = path.join(root, 'bin');
    await vscode.state.commands.get('copydesk.restart')?.();
    assert.equal(lc.state.clients.length, 1);
    assert.equal(lastClient().serverOptions.command, onPath);
  });
});

describe('settings changes', () => {
  it('sends the server its settings when a copydesk setting changes', async () => {
    await activate();
    const client = lastClient();
    vscode.set('copydesk.checks.duplicate-paragraph.enabled', false);
    vscode.fireConfigurationChange('copydesk.checks.duplicate-paragraph.enabled');
    await settle();
    assert.deepEqual(client.notifications, [
      {
        method: 'workspace/didChangeConfiguration',
        params: { settings: { copydesk: { checks: { 'duplicate-paragraph': { enabled: false } } } } },
      },
    ]);
  });

  it('ignores changes to other extensions\' settings', async () => {
    await activate();
    vscode.fireConfigurationChange('editor.fontSize');
    await settle();
    assert.deepEqual(lastClient().notifications, []);
  });

  it('restarts the server when copydesk.path changes', async () => {
    await activate();
    const first = lastClient();
    vscode.set('copydesk.path', other);
    vscode.fireConfigurationChange('copydesk.path');
    await settle();
    assert.equal(first.stops, 1);
    assert.equal(lastClient().serverOptions.command, other);
    assert.ok(lastClient().isRunning());
  });

  it('answers workspace/configuration for the copydesk section with the server\'s keys only', async () => {
    vscode.set('copydesk.path', onPath);
    vscode.set('copydesk.max-file-size', 2048);
    await activate();
    const middleware = lastClient().clientOptions.middleware.workspace;
    const asked: unknown[] = [];
    const next = async (params: { items: unknown[] }) => {
      asked.push(...params.items);
      return params.items.map(() => 'vscode-answer');
    };
    const answer = await middleware.configuration(
      { items: [{ section: 'copydesk' }, { section: 'editor' }, { section: 'copydesk' }] },
      {},
      next,
    );
    assert.deepEqual(answer, [{ 'max-file-size': 2048 }, 'vscode-answer', { 'max-file-size': 2048 }]);
    assert.deepEqual(asked, [{ section: 'editor' }], 'only other sections go to VS Code');
  });

  it('keeps the language client from sending settings the server would reject', async () => {
    await activate();
    const middleware = lastClient().clientOptions.middleware.workspace;
    let sent = false;
    await middleware.didChangeConfiguration(undefined, async () => {
      sent = true;
    });
    assert.equal(sent, false);
  });
});

describe('deactivate', () => {
  it('stops the server', async () => {
    await activate();
    const client = lastClient();
    await extension.deactivate();
    assert.equal(client.stops, 1);
    assert.equal(client.isRunning(), false);
  });
});
