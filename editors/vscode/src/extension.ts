// The VS Code client of `copydesk lsp`.
//
// It starts the server over stdio for plain-text and `news` documents, passes the `copydesk.*`
// settings to it (initializationOptions, then `workspace/didChangeConfiguration` and answers
// to `workspace/configuration`), restarts it on `copydesk.restart` or when `copydesk.path`
// changes, and says what to do when the binary is missing.

import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { currentEnvironment, findBinary } from './binary';
import { didChangeConfigurationParams, readerOf, SECTION, serverSettings } from './settings';

export const CLIENT_ID = 'copydesk';
export const RESTART_COMMAND = 'copydesk.restart';
export const OPEN_SETTINGS = 'Open Settings';

/** Plain-text files and `*.news` files, saved or not. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'plaintext' },
  { scheme: 'file', language: 'news' },
  { scheme: 'untitled', language: 'plaintext' },
  { scheme: 'untitled', language: 'news' },
];

function settingsFor(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, scope);
}

/** One activation: the running client, if any, and how to start, stop and restart it. */
class Copydesk implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly output: vscode.OutputChannel;
  /** Serialises starts, stops and restarts. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor() {
    this.output = vscode.window.createOutputChannel('copydesk');
  }

  /** Runs `work` after whatever start or stop is under way. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  start(): Promise<boolean> {
    return this.serial(() => this.startNow());
  }

  stop(): Promise<void> {
    return this.serial(() => this.stopNow());
  }

  restart(): Promise<boolean> {
    return this.serial(async () => {
      await this.stopNow();
      return this.startNow();
    });
  }

  private async startNow(): Promise<boolean> {
    const config = settingsFor();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const found = findBinary(config.get<string>('path'), currentEnvironment(folder));
    if (!found.ok) {
      this.output.appendLine(found.message);
      void this.showError(found.message);
      return false;
    }
    const serverOptions: ServerOptions = { command: found.path, args: ['lsp'], transport: TransportKind.stdio };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      initializationOptions: serverSettings(readerOf(config)),
      outputChannel: this.output,
      middleware: {
        workspace: {
          // The server asks for the `copydesk` section; VS Code's own answer would carry the
          // extension's keys (`path`, `trace`), which the server rejects.
          configuration: async (params, token, next) => {
            const others = params.items.filter((item) => item.section !== SECTION);
            let answers: unknown[] = [];
            if (others.length > 0) {
              const result = await next({ items: others }, token);
              if (!Array.isArray(result)) {
                return result;
              }
              answers = result;
            }
            return params.items.map((item) =>
              item.section === SECTION
                ? serverSettings(readerOf(settingsFor(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)))
                : answers.shift(),
            );
          },
          // The library would send `{settings: null}` on every change of any VS Code setting;
          // `onDidChangeConfiguration` below sends the server's settings when they change.
          didChangeConfiguration: async () => undefined,
        },
      },
    };
    const client = new LanguageClient(CLIENT_ID, 'copydesk', serverOptions, clientOptions);
    this.client = client;
    this.output.appendLine(`Starting ${found.path} lsp`);
    try {
      await client.start();
      return true;
    } catch (error) {
      this.client = undefined;
      const detail = error instanceof Error ? error.message : String(error);
      const message = `copydesk: the language server (${found.path} lsp) failed to start: ${detail}`;
      this.output.appendLine(message);
      void this.showError(message);
      return false;
    }
  }

  private async stopNow(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      try {
        // dispose(): stop the server and drop the client's listeners; a new client replaces it.
        await client.dispose();
      } catch (error) {
        this.output.appendLine(`Stopping the server failed: ${String(error)}`);
      }
    }
  }

  private async showError(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, OPEN_SETTINGS);
    if (choice === OPEN_SETTINGS) {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.path`);
    }
  }

  onDidChangeConfiguration(event: vscode.ConfigurationChangeEvent): void {
    if (event.affectsConfiguration(`${SECTION}.path`)) {
      void this.restart();
      return;
    }
    if (!event.affectsConfiguration(SECTION)) {
      return;
    }
    const client = this.client;
    if (client === undefined || !client.isRunning()) {
      return;
    }
    const params = didChangeConfigurationParams(serverSettings(readerOf(settingsFor())));
    client.sendNotification(DidChangeConfigurationNotification.type, params).catch((error: unknown) => {
      this.output.appendLine(`Sending the settings to the server failed: ${String(error)}`);
    });
  }

  dispose(): void {
    void this.stop();
    this.output.dispose();
  }
}

let current: Copydesk | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const copydesk = new Copydesk();
  current = copydesk;
  context.subscriptions.push(
    copydesk,
    vscode.commands.registerCommand(RESTART_COMMAND, () => copydesk.restart()),
    vscode.workspace.onDidChangeConfiguration((event) => copydesk.onDidChangeConfiguration(event)),
  );
  await copydesk.start();
}

export async function deactivate(): Promise<void> {
  const copydesk = current;
  current = undefined;
  await copydesk?.stop();
}
