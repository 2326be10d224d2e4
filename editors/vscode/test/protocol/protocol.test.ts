// `copydesk lsp` over stdio, initialised as VS Code initialises it: the capability set of the
// vscode-languageclient this extension ships (UTF-16 positions only, pull diagnostics), the
// settings as the extension sends them, and edits sent as VS Code sends them.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type {
  CodeAction,
  Diagnostic,
  DocumentDiagnosticReport,
  Hover,
  InitializeResult,
  Range,
  TextEdit,
  WorkspaceDiagnosticReport,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

import { didChangeConfigurationParams, type Inspected, serverSettings } from '../../src/settings';
import { fileUri, OpenDocument, REPO, Server } from './server';
import { vscodeClientCapabilities } from './vscodeCapabilities';

const DUPLICATE = 'duplicate-paragraph';
const SEED = '001_7c325a4795b0ca8d.txt';
const HEADLINE = "Trump declares US-Russia relations may be at 'all-time low'";
const WARNING = 2;

/** A temporary workspace holding a copy of examples/. */
function seedWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-vscode-'));
  for (const name of fs.readdirSync(path.join(REPO, 'examples'))) {
    fs.copyFileSync(path.join(REPO, 'examples', name), path.join(root, name));
  }
  return root;
}

/** The settings the extension sends for these user settings (see src/settings.ts). */
function extensionSettings(user: Record<string, unknown>): Record<string, unknown> {
  return serverSettings({
    keys: () => Object.keys(user),
    inspect: (key: string): Inspected | undefined => (key in user ? { globalValue: user[key] } : undefined),
  });
}

/**
 * Every setting package.json declares, set to its default (or its first allowed value), as the
 * user settings VS Code would hold: `copydesk.checks.x.enabled` becomes `checks.x.enabled`.
 */
function everyDeclaredSetting(): Record<string, unknown> {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'editors/vscode/package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown; enum?: unknown[] }> } };
  };
  const user: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties)) {
    const value = schema.default !== undefined ? schema.default : schema.enum?.[0];
    const parts = key.split('.').slice(1);
    let node = user;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1] as string] = value;
  }
  return user;
}

/**
 * The duplicate-paragraph diagnostics about copies within the article itself (every related
 * location in the same document); copies across the articles of a story are left out.
 */
function duplicates(diagnostics: Diagnostic[], uri?: string): Diagnostic[] {
  return diagnostics.filter(
    (d) =>
      d.code === DUPLICATE &&
      (d.relatedInformation ?? []).length > 0 &&
      (uri === undefined || (d.relatedInformation ?? []).every((r) => r.location.uri === uri)),
  );
}

function lines(diagnostics: Diagnostic[]): number[] {
  return diagnostics.map((d) => d.range.start.line).sort((a, b) => a - b);
}

function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

function fullReport(report: DocumentDiagnosticReport): Diagnostic[] {
  assert.equal(report.kind, 'full', JSON.stringify(report));
  return report.kind === 'full' ? report.items : [];
}

async function pull(server: Server, doc: OpenDocument): Promise<Diagnostic[]> {
  const report = await server.request<DocumentDiagnosticReport>('textDocument/diagnostic', {
    textDocument: { uri: doc.uri },
    identifier: 'copydesk',
  });
  return fullReport(report);
}

/** The code actions VS Code asks for when the user opens the quick-fix menu at `at`. */
async function quickFixes(server: Server, doc: OpenDocument, at: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
  const actions = await server.request<(CodeAction | { command: string })[] | null>('textDocument/codeAction', {
    textDocument: { uri: doc.uri },
    range: at,
    context: { diagnostics, only: ['quickfix'], triggerKind: 1 },
  });
  return (actions ?? []).filter((a): a is CodeAction => 'title' in a);
}

function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  assert.ok(edit, 'the code action carries its edit');
  const fromChanges = edit.changes?.[uri];
  if (fromChanges) {
    return fromChanges;
  }
  const fromDocumentChanges = (edit.documentChanges ?? []).flatMap((c) =>
    'textDocument' in c && c.textDocument.uri === uri ? c.edits.filter((e): e is TextEdit => 'range' in e) : [],
  );
  assert.ok(fromDocumentChanges.length > 0, `the code action edits ${uri}: ${JSON.stringify(edit)}`);
  return fromDocumentChanges;
}

/** Every diagnostic range lies inside the document, in UTF-16 columns. */
function assertInside(doc: OpenDocument, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    for (const pos of [d.range.start, d.range.end]) {
      assert.ok(pos.line < doc.lineCount, `${doc.uri}: ${JSON.stringify(d.range)} is past the last line`);
      assert.ok(pos.character <= doc.line(pos.line).length, `${doc.uri}: ${JSON.stringify(d.range)} is past the end of its line`);
    }
    assert.equal(d.source, 'copydesk');
  }
}

describe('VS Code: capabilities', () => {
  it('are VS Code\'s: UTF-16 positions only, and pull diagnostics', () => {
    const caps = vscodeClientCapabilities();
    assert.deepEqual(caps.general?.positionEncodings, ['utf-16']);
    assert.deepEqual(caps.textDocument?.diagnostic, { dynamicRegistration: true, relatedDocumentSupport: false });
    assert.equal(caps.workspace?.diagnostics?.refreshSupport, true);
    assert.equal(caps.workspace?.configuration, true);
    assert.equal(caps.textDocument?.publishDiagnostics?.versionSupport, false);
  });
});

describe('VS Code: the seed articles, pull diagnostics', () => {
  let root: string;
  let server: Server;
  let result: InitializeResult;
  const docs = new Map<string, OpenDocument>();
  let seed: OpenDocument;

  before(async () => {
    root = seedWorkspace();
    ({ server, result } = await Server.start({
      root,
      capabilities: vscodeClientCapabilities(),
      initializationOptions: extensionSettings({}),
    }));
    for (const name of fs.readdirSync(root).sort()) {
      docs.set(name, await OpenDocument.open(server, path.join(root, name)));
    }
    const found = docs.get(SEED);
    assert.ok(found, `${SEED} is among the seed articles`);
    seed = found;
  });

  after(async () => {
    server?.kill();
    if (root) {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('negotiates UTF-16, incremental sync and pull diagnostics', async () => {
    const caps = result.capabilities;
    assert.ok(caps.positionEncoding === undefined || caps.positionEncoding === 'utf-16', JSON.stringify(caps));
    const sync = caps.textDocumentSync;
    assert.ok(typeof sync === 'object' && sync.change === 2 && sync.openClose === true, JSON.stringify(sync));
    assert.ok(caps.hoverProvider, 'hover');
    const codeActions = caps.codeActionProvider;
    assert.ok(typeof codeActions === 'object' && codeActions.codeActionKinds?.includes('quickfix'), JSON.stringify(codeActions));
    assert.ok(caps.diagnosticProvider, 'a client that pulls gets a diagnostic provider');
    // What VS Code's client does next with its dynamic-registration capabilities.
    const registration = await server.waitFor('client/registerCapability', () =>
      server.requests.find((r) => r.method === 'client/registerCapability'),
    );
    const methods = (registration.params as { registrations: { method: string }[] }).registrations.map((r) => r.method);
    assert.ok(methods.includes('workspace/didChangeWatchedFiles'), JSON.stringify(methods));
    const asked = await server.waitFor('workspace/configuration', () =>
      server.requests.find((r) => r.method === 'workspace/configuration'),
    );
    assert.deepEqual((asked.params as { items: { section?: string }[] }).items.map((i) => i.section), ['copydesk']);
  });

  it('reports the repeated headline of 001 twice, with exact ranges and the first copy', async () => {
    const dups = duplicates(await pull(server, seed), seed.uri);
    assert.deepEqual(lines(dups), [2, 4], JSON.stringify(dups, null, 1));
    for (const d of dups) {
      assert.deepEqual(d.range, range(d.range.start.line, 0, d.range.start.line, HEADLINE.length));
      assert.equal(d.severity, WARNING);
      assert.equal(d.source, 'copydesk');
      assert.match(d.message, /^Duplicate paragraph: repeats the headline \(line 1\)/);
      const first = d.relatedInformation?.[0];
      assert.ok(first, 'the diagnostic links the first copy');
      assert.equal(first.location.uri, seed.uri);
      assert.deepEqual(first.location.range, range(0, 0, 0, HEADLINE.length));
    }
  });

  it('gives every seed article diagnostics inside its text', async () => {
    for (const doc of docs.values()) {
      assertInside(doc, await pull(server, doc));
    }
  });

  it('pushes no diagnostics to a client that pulls', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual([...server.published.keys()], []);
  });

  it('explains a repeated headline on hover', async () => {
    const hover = await server.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: seed.uri },
      position: { line: 4, character: 10 },
    });
    assert.ok(hover, 'a hover on the repeated headline');
    const contents = hover.contents;
    assert.ok(typeof contents === 'object' && 'kind' in contents && contents.kind === 'markdown', JSON.stringify(contents));
    assert.match(contents.value, /duplicate-paragraph/);
    assert.deepEqual(hover.range, range(4, 0, 4, HEADLINE.length));
  });

  it('removes a copy with the quick fix, and the next pull has one fewer', async () => {
    const before = duplicates(await pull(server, seed), seed.uri);
    const target = before.find((d) => d.range.start.line === 4);
    assert.ok(target);
    const actions = await quickFixes(server, seed, target.range, [target]);
    const fix = actions.find((a) => a.title === 'Remove duplicate paragraph');
    assert.ok(fix, `"Remove duplicate paragraph" among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.diagnostics?.[0]?.code, DUPLICATE);
    const original = seed.text;
    await seed.edit(editsFor(fix.edit, seed.uri));
    assert.equal(seed.text, original.replace(`${HEADLINE}\n\n${HEADLINE}\n\n`, `${HEADLINE}\n\n`));
    const afterFix = duplicates(await pull(server, seed), seed.uri);
    assert.deepEqual(lines(afterFix), [2]);
  });

  it('flags the headline pasted again after an edit', async () => {
    // Before the paragraph on line 6, as a user pasting it would; after the trailing
    // "Related news" it would be boilerplate.
    const at = { line: 6, character: 0 };
    await seed.edit([{ range: { start: at, end: at }, newText: `${HEADLINE}\n\n` }]);
    const dups = duplicates(await pull(server, seed), seed.uri);
    assert.deepEqual(lines(dups), [2, 6]);
    assert.deepEqual(dups[1]?.range, range(6, 0, 6, HEADLINE.length));
  });

  it('reports the articles that are not open through workspace/diagnostic', async () => {
    const closed = ['002_949ec1250efea61f.txt', '003_360affecd95d8f15.txt'];
    for (const name of closed) {
      await docs.get(name)?.close();
      docs.delete(name);
    }
    const report = await server.request<WorkspaceDiagnosticReport>('workspace/diagnostic', {
      identifier: 'copydesk',
      previousResultIds: [],
    });
    const uris = report.items.map((item) => item.uri);
    for (const name of closed) {
      assert.ok(uris.includes(fileUri(path.join(root, name))), `${name} in ${JSON.stringify(uris)}`);
    }
    assert.ok(!uris.includes(seed.uri), 'an open article is reported by textDocument/diagnostic only');
  });

  it('applies the settings the extension sends, and asks VS Code to pull again', async () => {
    const refreshes = () => server.requests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
    const send = async (user: Record<string, unknown>) => {
      const seen = refreshes();
      await server.notify('workspace/didChangeConfiguration', didChangeConfigurationParams(extensionSettings(user)));
      await server.waitFor('workspace/diagnostic/refresh', () => (refreshes() > seen ? true : undefined));
    };
    const severities = async () => duplicates(await pull(server, seed), seed.uri).map((d) => d.severity);
    // A refresh that an earlier edit still owed may come before the one these settings cause:
    // like VS Code, pull again at each refresh until the settings show (or the time is up).
    const pulled = async (expected: number[]) => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const seen = refreshes();
        const got = await severities();
        if (JSON.stringify(got) === JSON.stringify(expected) || Date.now() >= deadline) {
          return got;
        }
        await server.waitFor('workspace/diagnostic/refresh', () => (refreshes() > seen ? true : undefined), deadline - Date.now());
      }
    };
    const count = (await severities()).length;
    assert.ok(count > 0);
    await send({ checks: { [DUPLICATE]: { severity: 'error' } } });
    assert.deepEqual(await pulled(Array(count).fill(1)), Array(count).fill(1));
    await send({ checks: { [DUPLICATE]: { enabled: false } } });
    assert.deepEqual(await pulled([]), []);
    await send({});
    assert.deepEqual(await pulled(Array(count).fill(WARNING)), Array(count).fill(WARNING));
    assert.deepEqual(server.shownErrors(), []);
  });

  it('accepts every setting package.json declares (the settings mirror the server\'s schema)', async () => {
    const before = server.shownErrors().length;
    const refreshes = () => server.requests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
    const seen = refreshes();
    const settings = extensionSettings(everyDeclaredSetting());
    assert.ok('checks' in settings && 'scope' in settings, JSON.stringify(settings));
    await server.notify('workspace/didChangeConfiguration', didChangeConfigurationParams(settings));
    await server.waitFor('workspace/diagnostic/refresh', () => (refreshes() > seen ? true : undefined));
    await pull(server, seed);
    assert.deepEqual(server.shownErrors().slice(before), [], `the server rejected ${JSON.stringify(settings)}`);
    await server.notify('workspace/didChangeConfiguration', didChangeConfigurationParams({}));
  });

  it('reads the copydesk section when VS Code says only that settings changed', async () => {
    const count = (method: string) => server.requests.filter((r) => r.method === method).length;
    const asked = count('workspace/configuration');
    const refreshed = count('workspace/diagnostic/refresh');
    server.configuration = extensionSettings({ checks: { [DUPLICATE]: { severity: 'hint' } } });
    await server.notify('workspace/didChangeConfiguration', { settings: null });
    await server.waitFor('workspace/configuration', () => (count('workspace/configuration') > asked ? true : undefined));
    await server.waitFor('workspace/diagnostic/refresh', () =>
      count('workspace/diagnostic/refresh') > refreshed ? true : undefined,
    );
    // A refresh can also come from an earlier edit to another open article, so pull until the
    // new severity shows (or give up after a few seconds).
    let severities: (number | undefined)[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      severities = duplicates(await pull(server, seed), seed.uri).map((d) => d.severity);
      if (severities.length > 0 && severities.every((s) => s === 4)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(severities.length > 0);
    assert.deepEqual(severities, Array(severities.length).fill(4));
    assert.deepEqual(server.shownErrors(), []);
  });

  it('shuts down cleanly', async () => {
    assert.equal(await server.shutdown(), 0);
  });
});

describe('VS Code: exact UTF-16 positions on non-ASCII text', () => {
  // An emoji is two UTF-16 code units, four UTF-8 bytes and one code point; "ü" is one unit,
  // two bytes. A server that counted in anything but UTF-16 would be off on these lines.
  const H = 'Zürich’s mayor 😀 opens the Ångström bridge';
  const P1 = 'Crowds 🎀 lined the Limmat as the mayor of Zürich cut the ribbon on Sunday morning.';
  const P2 = 'The bridge, named after Anders Jonas Ångström, took “three long years” to build.';
  const P3 = 'Crowds 🎀 TBD.';
  const TEXT = [H, P1, P2, H, P3].join('\n\n') + '\n';

  let root: string;
  let server: Server;
  let doc: OpenDocument;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-utf16-'));
    const file = path.join(root, 'zurich.news');
    fs.writeFileSync(file, TEXT);
    ({ server } = await Server.start({ root, capabilities: vscodeClientCapabilities() }));
    doc = await OpenDocument.open(server, file, 'news');
  });

  after(() => {
    server?.kill();
    if (root) {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('uses lines where UTF-16, UTF-8 and code points disagree', () => {
    for (const line of [H, P1, P2, P3]) {
      assert.notEqual(line.length, Buffer.byteLength(line, 'utf8'));
    }
    assert.notEqual(H.length, [...H].length);
  });

  it('ranges the repeated headline in UTF-16 code units', async () => {
    const dups = duplicates(await pull(server, doc), doc.uri);
    assert.deepEqual(
      dups.map((d) => d.range),
      [range(6, 0, 6, H.length)],
    );
    assert.deepEqual(dups[0]?.relatedInformation?.[0]?.location.range, range(0, 0, 0, H.length));
  });

  it('finds the finding under a cursor placed after an emoji', async () => {
    const hover = await server.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: doc.uri },
      position: { line: 6, character: H.indexOf('bridge') },
    });
    assert.ok(hover);
    assert.deepEqual(hover.range, range(6, 0, 6, H.length));
  });

  it('applies an incremental edit after an emoji at the right place', async () => {
    const line = 8;
    const start = doc.line(line).indexOf('TBD');
    assert.equal(start, 'Crowds 🎀 '.length);
    const rest = P1.slice('Crowds 🎀 '.length);
    await doc.edit([{ range: range(line, start, line, start + 'TBD.'.length), newText: rest }]);
    assert.equal(doc.line(line), P1);
    // The server's copy of the line must now be P1 exactly: an exact duplicate (no "% similar")
    // whose range ends at the UTF-16 length of the line.
    const dups = duplicates(await pull(server, doc), doc.uri);
    const pasted = dups.find((d) => d.range.start.line === line);
    assert.ok(pasted, JSON.stringify(dups, null, 1));
    assert.deepEqual(pasted.range, range(line, 0, line, P1.length));
    assert.match(pasted.message, /^Duplicate paragraph: repeats .*\(line 3\)$/);
  });

  it('offers a quick fix at a cursor after an emoji whose edit leaves the expected text', async () => {
    const line = 8;
    const cursor = { line, character: P1.indexOf('Limmat') };
    const diagnostics = duplicates(await pull(server, doc), doc.uri);
    const actions = await quickFixes(server, doc, { start: cursor, end: cursor }, diagnostics);
    const fix = actions.find((a) => a.title === 'Remove duplicate paragraph' && a.diagnostics?.[0]?.range.start.line === line);
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    await doc.edit(editsFor(fix.edit, doc.uri));
    assert.equal(doc.text, [H, P1, P2, H].join('\n\n') + '\n');
    const dups = duplicates(await pull(server, doc), doc.uri);
    assert.deepEqual(
      dups.map((d) => d.range),
      [range(6, 0, 6, H.length)],
    );
  });

  it('shuts down cleanly', async () => {
    assert.equal(await server.shutdown(), 0);
  });
});

describe('VS Code without pull diagnostics: published diagnostics', () => {
  let root: string;
  let server: Server;
  let seed: OpenDocument;

  before(async () => {
    root = seedWorkspace();
    const capabilities = vscodeClientCapabilities();
    delete capabilities.textDocument?.diagnostic;
    delete capabilities.workspace?.diagnostics;
    ({ server } = await Server.start({ root, capabilities }));
    seed = await OpenDocument.open(server, path.join(root, SEED));
  });

  after(() => {
    server?.kill();
    if (root) {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  /** The latest publishDiagnostics for the seed once it is for `version`. */
  function published(version: number): Promise<Diagnostic[]> {
    return server.waitFor(`publishDiagnostics for version ${version}`, () => {
      const all = server.published.get(seed.uri) ?? [];
      const latest = all[all.length - 1];
      return latest !== undefined && latest.version === version ? latest.diagnostics : undefined;
    });
  }

  it('publishes the repeated headline of 001 when it opens', async () => {
    const dups = duplicates(await published(1), seed.uri);
    assert.deepEqual(lines(dups), [2, 4]);
    assertInside(seed, await published(1));
  });

  it('publishes again after an incremental edit', async () => {
    await seed.edit([{ range: range(4, 0, 6, 0), newText: '' }]);
    assert.deepEqual(lines(duplicates(await published(2), seed.uri)), [2]);
  });

  it('shuts down cleanly', async () => {
    assert.equal(await server.shutdown(), 0);
  });
});
