// `copydesk lsp` as a child process behind a vscode-languageserver-protocol connection, with
// the client side of the conversation that the tests need: answers to the server's requests,
// a record of its notifications, and waits with deadlines.

import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type ClientCapabilities,
  createProtocolConnection,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';

/** The repository root (this file runs from editors/vscode/out/test/protocol). */
export const REPO = path.resolve(__dirname, '../../../../..');

/** How long any one wait may take. Generous for a loaded CI machine; passing tests never wait it out. */
export const TIMEOUT_MS = 15_000;

/** The server binary: $COPYDESK_BIN, else the newest build under target/. */
export function serverBinary(): string {
  const fromEnv = process.env['COPYDESK_BIN'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!fs.existsSync(fromEnv)) {
      throw new Error(`COPYDESK_BIN is ${fromEnv}, which does not exist`);
    }
    return fromEnv;
  }
  const builds = ['debug', 'release']
    .map((profile) => path.join(REPO, 'target', profile, process.platform === 'win32' ? 'copydesk.exe' : 'copydesk'))
    .filter((file) => fs.existsSync(file))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  const newest = builds[0];
  if (newest === undefined) {
    throw new Error('no copydesk binary: run `cargo build` at the repository root, or set COPYDESK_BIN');
  }
  return newest;
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

export interface StartOptions {
  capabilities: ClientCapabilities;
  /** The workspace folder. */
  root: string;
  initializationOptions?: unknown;
}

/** What the server may send to VS Code; VS Code answers null where nothing is asked. */
const NOTIFICATIONS = ['textDocument/publishDiagnostics', 'window/showMessage', 'window/logMessage', '$/progress'];
const REQUESTS = [
  'workspace/configuration',
  'client/registerCapability',
  'client/unregisterCapability',
  'window/workDoneProgress/create',
  'workspace/diagnostic/refresh',
  'workspace/inlayHint/refresh',
];

interface ServerRequest {
  method: string;
  params: unknown;
}

export class Server {
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly requests: ServerRequest[] = [];
  /** Every publishDiagnostics, per URI, in order. */
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  /** The answer to each item of a `workspace/configuration` request. */
  configuration: unknown = {};
  private stderr = '';
  private exitCode: number | null | undefined = undefined;
  private readonly wakers = new Set<() => void>();

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    child.on('exit', (code) => {
      this.exitCode = code;
      this.wake();
    });
    for (const method of NOTIFICATIONS) {
      connection.onNotification(method, (params: unknown) => {
        this.notifications.push({ method, params });
        if (method === 'textDocument/publishDiagnostics') {
          const p = params as PublishDiagnosticsParams;
          const all = this.published.get(p.uri) ?? [];
          all.push(p);
          this.published.set(p.uri, all);
        }
        this.wake();
      });
    }
    for (const method of REQUESTS) {
      connection.onRequest(method, (params: unknown) => {
        this.requests.push({ method, params });
        this.wake();
        if (method === 'workspace/configuration') {
          const items = (params as { items: unknown[] }).items;
          return items.map(() => this.configuration);
        }
        return null;
      });
    }
    connection.listen();
  }

  /** Spawns the server and runs initialize / initialized as VS Code does. */
  static async start(options: StartOptions): Promise<{ server: Server; result: InitializeResult }> {
    const child = spawn(serverBinary(), ['lsp'], {
      cwd: options.root,
      env: { ...process.env, COPYDESK_LOG: 'info' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (!child.stdin || !child.stdout) {
      throw new Error('spawning copydesk lsp gave no pipes');
    }
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const server = new Server(child, connection);
    const rootUri = fileUri(options.root);
    const result = await server.within(
      'initialize',
      connection.sendRequest('initialize', {
        processId: process.pid,
        clientInfo: { name: 'Visual Studio Code', version: '1.82.0' },
        locale: 'en',
        rootPath: options.root,
        rootUri,
        capabilities: options.capabilities,
        initializationOptions: options.initializationOptions,
        trace: 'off',
        workspaceFolders: [{ uri: rootUri, name: path.basename(options.root) }],
      }) as Promise<InitializeResult>,
    );
    await connection.sendNotification('initialized', {});
    return { server, result };
  }

  private wake(): void {
    for (const waker of this.wakers) {
      waker();
    }
  }

  /** What the server wrote to stderr, for failure messages. */
  log(): string {
    return `\n--- copydesk stderr ---\n${this.stderr}--- end of copydesk stderr ---`;
  }

  /** Awaits `promise`, failing with the server's log after the deadline. */
  async within<T>(what: string, promise: Promise<T>, timeoutMs = TIMEOUT_MS): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms${this.log()}`)), timeoutMs);
    });
    try {
      return await Promise.race([promise, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends a request and awaits its result. */
  request<R>(method: string, params?: unknown): Promise<R> {
    // No params at all (not `null`) for requests that take none, such as shutdown.
    const sent = params === undefined ? this.connection.sendRequest(method) : this.connection.sendRequest(method, params);
    return this.within(method, sent as Promise<R>);
  }

  notify(method: string, params?: unknown): Promise<void> {
    return params === undefined
      ? this.connection.sendNotification(method)
      : this.connection.sendNotification(method, params);
  }

  /** Waits until `probe` returns something other than undefined, re-probing on every message. */
  async waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = TIMEOUT_MS): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) {
        return value;
      }
      if (this.exitCode !== undefined) {
        throw new Error(`${what}: the server exited with ${this.exitCode}${this.log()}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`${what}: not seen within ${timeoutMs} ms${this.log()}`);
      }
      await new Promise<void>((resolve) => {
        const waker = () => {
          clearTimeout(timer);
          this.wakers.delete(waker);
          resolve();
        };
        const timer = setTimeout(waker, Math.min(left, 100));
        this.wakers.add(waker);
      });
    }
  }

  /** The error and warning messages the server showed the user. */
  shownErrors(): ShowMessageParams[] {
    return this.notifications
      .filter((n) => n.method === 'window/showMessage')
      .map((n) => n.params as ShowMessageParams)
      .filter((p) => p.type === 1 || p.type === 2);
  }

  logMessages(): LogMessageParams[] {
    return this.notifications.filter((n) => n.method === 'window/logMessage').map((n) => n.params as LogMessageParams);
  }

  /** `shutdown`, `exit`, and the exit code. */
  async shutdown(): Promise<number | null> {
    await this.request('shutdown');
    await this.notify('exit');
    const code = await this.waitFor('exit', () => this.exitCode);
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    if (this.exitCode === undefined) {
      this.child.kill();
    }
  }
}

/** An open document on the client side: its text and version, edited as VS Code edits. */
export class OpenDocument {
  private doc: TextDocument;

  constructor(
    private readonly server: Server,
    readonly uri: string,
    text: string,
    readonly languageId = 'plaintext',
  ) {
    this.doc = TextDocument.create(uri, languageId, 1, text);
  }

  static async open(server: Server, file: string, languageId = 'plaintext'): Promise<OpenDocument> {
    const doc = new OpenDocument(server, fileUri(file), fs.readFileSync(file, 'utf8'), languageId);
    await server.notify('textDocument/didOpen', {
      textDocument: { uri: doc.uri, languageId, version: doc.version, text: doc.text },
    });
    return doc;
  }

  get text(): string {
    return this.doc.getText();
  }

  get version(): number {
    return this.doc.version;
  }

  get lineCount(): number {
    return this.doc.lineCount;
  }

  line(n: number): string {
    return this.text.split(/\r?\n/)[n] ?? '';
  }

  /**
   * Applies `edits` (UTF-16 positions, as from a WorkspaceEdit) and sends them as VS Code does:
   * one incremental change per edit, with `range` and `rangeLength`, last edit first.
   */
  async edit(edits: TextEdit[]): Promise<void> {
    const sorted = [...edits].sort(
      (a, b) => this.doc.offsetAt(b.range.start) - this.doc.offsetAt(a.range.start),
    );
    const changes: (TextDocumentContentChangeEvent & { rangeLength: number })[] = [];
    let doc = this.doc;
    for (const edit of sorted) {
      const rangeLength = doc.offsetAt(edit.range.end) - doc.offsetAt(edit.range.start);
      changes.push({ range: edit.range, rangeLength, text: edit.newText });
      doc = TextDocument.update(doc, [{ range: edit.range, text: edit.newText }], doc.version);
    }
    this.doc = TextDocument.create(this.uri, this.languageId, this.doc.version + 1, doc.getText());
    await this.server.notify('textDocument/didChange', {
      textDocument: { uri: this.uri, version: this.doc.version },
      contentChanges: changes,
    });
  }

  async close(): Promise<void> {
    await this.server.notify('textDocument/didClose', { textDocument: { uri: this.uri } });
  }
}
