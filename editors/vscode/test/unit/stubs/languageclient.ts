// A stand-in for `vscode-languageclient/node`: records the clients the extension creates.

export const TransportKind = { stdio: 0, ipc: 1, pipe: 2, socket: 3 } as const;

export const DidChangeConfigurationNotification = {
  type: { method: 'workspace/didChangeConfiguration' },
};

export const state = {
  clients: [] as LanguageClient[],
  /** Makes the next `start()` fail with this error. */
  startError: undefined as Error | undefined,
};

export function reset(): void {
  state.clients = [];
  state.startError = undefined;
}

export interface Executable {
  command: string;
  args?: string[];
  transport?: number;
}

export class LanguageClient {
  running = false;
  starts = 0;
  stops = 0;
  notifications: { method: string; params: unknown }[] = [];

  constructor(
    readonly id: string,
    readonly name: string,
    readonly serverOptions: Executable,
    // The real type is LanguageClientOptions; the tests reach into its middleware.
    readonly clientOptions: any,
  ) {
    state.clients.push(this);
  }

  async start(): Promise<void> {
    this.starts += 1;
    const error = state.startError;
    state.startError = undefined;
    if (error !== undefined) {
      throw error;
    }
    this.running = true;
  }

  async stop(): Promise<void> {
    this.stops += 1;
    this.running = false;
  }

  async dispose(): Promise<void> {
    await this.stop();
  }

  isRunning(): boolean {
    return this.running;
  }

  async sendNotification(type: { method: string }, params: unknown): Promise<void> {
    this.notifications.push({ method: type.method, params });
  }
}
