// The `copydesk.*` settings as the server reads them.
//
// The server takes one configuration schema from three places: `.copydesk.toml`, the editor's
// `initializationOptions` and `workspace/didChangeConfiguration` / `workspace/configuration`.
// Its keys are the VS Code settings under `copydesk.` (`scope`, `globs`, `debounce-ms`,
// `max-file-size`, `checks.<id>.<key>`, ...), minus the ones that belong to the extension
// (`path`, `trace`), which the server would reject as unknown keys. Every other key is passed
// on, declared in package.json or not, so that a key the server learns reaches it from
// settings.json before the extension declares it.
//
// Only values the user set (in user, workspace or folder settings) are sent: the server's own
// defaults, and `.copydesk.toml`, decide the rest. This module does not import `vscode`, so the
// protocol test can use it against the real server.

/** The section of the settings, and of `workspace/configuration` requests. */
export const SECTION = 'copydesk';

/** Settings of the extension itself, never sent to the server. */
export const EXTENSION_KEYS: readonly string[] = ['path', 'trace'];

/** What `WorkspaceConfiguration.inspect` returns, reduced to the scopes the user writes. */
export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** The part of `vscode.WorkspaceConfiguration` this module needs. */
export interface SettingsReader {
  /** The top-level keys of the section: those package.json declares and any the user wrote. */
  keys(): string[];
  inspect(key: string): Inspected | undefined;
}

/** The methods of `vscode.WorkspaceConfiguration`, which sit beside the section's keys. */
const METHODS = new Set(['get', 'has', 'inspect', 'update']);

/** A reader over a `vscode.WorkspaceConfiguration`, whose own properties are the section's keys. */
export function readerOf(config: { inspect(key: string): Inspected | undefined }): SettingsReader {
  return {
    keys: () =>
      Object.keys(config).filter(
        (key) => !METHODS.has(key) && typeof (config as Record<string, unknown>)[key] !== 'function',
      ),
    inspect: (key) => config.inspect(key),
  };
}

export type JsonObject = { [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `over` into `under`: objects key by key, anything else replaced. */
function merge(under: unknown, over: unknown): unknown {
  if (over === undefined || over === null) {
    return under;
  }
  if (isObject(under) && isObject(over)) {
    const out: JsonObject = { ...under };
    for (const [key, value] of Object.entries(over)) {
      out[key] = merge(out[key], value);
    }
    return out;
  }
  return over;
}

/** Drops `null` / `undefined` members and empty objects left behind by them. */
function prune(value: unknown): unknown {
  if (!isObject(value)) {
    return value;
  }
  const out: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    const pruned = prune(member);
    if (pruned === undefined || pruned === null || (isObject(pruned) && Object.keys(pruned).length === 0)) {
      continue;
    }
    out[key] = pruned;
  }
  return out;
}

/**
 * The server's configuration layer from the user's settings: the keys of `.copydesk.toml` that
 * the user set, folder settings over workspace settings over user settings.
 */
export function serverSettings(reader: SettingsReader): JsonObject {
  const out: JsonObject = {};
  for (const key of [...new Set(reader.keys())].sort()) {
    if (EXTENSION_KEYS.includes(key)) {
      continue;
    }
    const inspected = reader.inspect(key);
    if (!inspected) {
      continue;
    }
    let value: unknown = undefined;
    for (const layer of [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue]) {
      value = merge(value, layer);
    }
    value = prune(value);
    if (value === undefined || value === null || (isObject(value) && Object.keys(value).length === 0)) {
      continue;
    }
    out[key] = value;
  }
  return out;
}

/** The params of a `workspace/didChangeConfiguration` notification carrying `settings`. */
export function didChangeConfigurationParams(settings: JsonObject): { settings: JsonObject } {
  // Wrapped in the section name: the server unwraps it, and an empty layer still reads as "the
  // user cleared every setting" rather than "nothing to say".
  return { settings: { [SECTION]: settings } };
}
