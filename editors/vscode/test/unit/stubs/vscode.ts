// A stand-in for the `vscode` module: the few APIs the extension uses, recording what it does.
// `register.ts` makes `require('vscode')` load this file.

export type Scope = 'global' | 'workspace' | 'folder';

/** What the tests control and observe. */
export const state = {
  /** Settings by full key (`copydesk.path`), per scope. */
  settings: new Map<string, Partial<Record<Scope, unknown>>>(),
  /** Defaults by full key, as package.json declares them. */
  defaults: new Map<string, unknown>(),
  workspaceFolders: undefined as { uri: { fsPath: string } }[] | undefined,
  errors: [] as { message: string; items: string[] }[],
  /** What the user picks in the next error message. */
  errorChoice: undefined as string | undefined,
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  executed: [] as { command: string; args: unknown[] }[],
  configurationListeners: new Set<(event: ConfigurationChangeEvent) => void>(),
  output: [] as string[],
  /** Resolves when the last error message has been answered. */
  lastError: Promise.resolve() as Promise<unknown>,
};

export function reset(): void {
  state.settings.clear();
  state.defaults.clear();
  state.workspaceFolders = undefined;
  state.errors = [];
  state.errorChoice = undefined;
  state.commands.clear();
  state.executed = [];
  state.configurationListeners.clear();
  state.output = [];
  state.lastError = Promise.resolve();
}

export function set(key: string, value: unknown, scope: Scope = 'global'): void {
  const entry = state.settings.get(key) ?? {};
  entry[scope] = value;
  state.settings.set(key, entry);
}

export interface ConfigurationChangeEvent {
  affectsConfiguration(section: string): boolean;
}

/** Tells the extension that the settings `keys` changed, as VS Code would. */
export function fireConfigurationChange(...keys: string[]): void {
  const event: ConfigurationChangeEvent = {
    affectsConfiguration: (section) =>
      keys.some((key) => key === section || key.startsWith(section + '.') || section.startsWith(key + '.')),
  };
  for (const listener of state.configurationListeners) {
    listener(event);
  }
}

export class Disposable {
  constructor(private readonly onDispose: () => void) {}
  dispose(): void {
    this.onDispose();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  static parse(value: string): Uri {
    return new Uri(value.split(':')[0] ?? '', value.replace(/^file:\/\//, ''));
  }
  static file(path: string): Uri {
    return new Uri('file', path);
  }
}

type Json = { [key: string]: unknown };

/** The value under `prefix` in one scope, built from dotted keys as VS Code does. */
function lookUp(values: Map<string, unknown>, prefix: string): unknown {
  if (values.has(prefix)) {
    return values.get(prefix);
  }
  let found: Json | undefined;
  for (const [key, value] of values) {
    if (!key.startsWith(prefix + '.')) {
      continue;
    }
    found ??= {};
    const path = key.slice(prefix.length + 1).split('.');
    let node: Json = found;
    for (const part of path.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Json;
    }
    node[path[path.length - 1] as string] = value;
  }
  return found;
}

function scopeValues(scope: Scope): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, entry] of state.settings) {
    if (scope in entry) {
      out.set(key, entry[scope]);
    }
  }
  return out;
}

export const workspace = {
  get workspaceFolders() {
    return state.workspaceFolders;
  },
  /** Like VS Code's: the section's top-level keys as properties, beside get/has/inspect/update. */
  getConfiguration(section: string, _scope?: Uri) {
    const full = (key: string) => `${section}.${key}`;
    const get = <T>(key: string, fallback?: T): T | undefined => {
      for (const scope of ['folder', 'workspace', 'global'] as const) {
        const value = lookUp(scopeValues(scope), full(key));
        if (value !== undefined) {
          return value as T;
        }
      }
      const value = lookUp(state.defaults, full(key));
      return (value as T | undefined) ?? fallback;
    };
    const config: Record<string, unknown> = {
      get,
      has: (key: string) => get(key) !== undefined,
      update: async () => undefined,
      inspect(key: string) {
        return {
          key: full(key),
          defaultValue: lookUp(state.defaults, full(key)),
          globalValue: lookUp(scopeValues('global'), full(key)),
          workspaceValue: lookUp(scopeValues('workspace'), full(key)),
          workspaceFolderValue: lookUp(scopeValues('folder'), full(key)),
        };
      },
    };
    for (const key of [...state.defaults.keys(), ...state.settings.keys()]) {
      if (key.startsWith(section + '.')) {
        const top = key.slice(section.length + 1).split('.')[0] as string;
        config[top] = get(top);
      }
    }
    return config as {
      get<T>(key: string, fallback?: T): T | undefined;
      inspect(key: string): {
        key: string;
        defaultValue?: unknown;
        globalValue?: unknown;
        workspaceValue?: unknown;
        workspaceFolderValue?: unknown;
      };
    };
  },
  onDidChangeConfiguration(listener: (event: ConfigurationChangeEvent) => void): Disposable {
    state.configurationListeners.add(listener);
    return new Disposable(() => state.configurationListeners.delete(listener));
  },
};

export const window = {
  createOutputChannel(_name: string) {
    return {
      appendLine: (line: string) => state.output.push(line),
      dispose: () => undefined,
    };
  },
  showErrorMessage(message: string, ...items: string[]): Promise<string | undefined> {
    state.errors.push({ message, items });
    const answer = Promise.resolve(state.errorChoice);
    state.lastError = answer.then(() => new Promise((resolve) => setImmediate(resolve)));
    return answer;
  },
};

export const commands = {
  registerCommand(command: string, callback: (...args: unknown[]) => unknown): Disposable {
    state.commands.set(command, callback);
    return new Disposable(() => state.commands.delete(command));
  },
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    state.executed.push({ command, args });
    return undefined;
  },
};
