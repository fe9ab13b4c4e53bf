import type { ConfigurationSource } from '../../../src/ui/settings';

type Level = 'global' | 'workspace' | 'workspaceFolder';

/**
 * A stand-in for `vscode.workspace` whose `get()` merges every level, the way VS Code would if a setting were
 * not machine-scoped (the worst case the settings module must defend against). Records every write.
 */
export class FakeConfig implements ConfigurationSource {
  readonly values: Record<Level, Map<string, unknown>> = { global: new Map(), workspace: new Map(), workspaceFolder: new Map() };
  readonly writes: Array<{ key: string; value: unknown; level: Level }> = [];
  isTrusted = true;

  set(level: Level, key: string, value: unknown): this {
    this.values[level].set(key, value);
    return this;
  }

  getConfiguration(section: string): ReturnType<ConfigurationSource['getConfiguration']> {
    const full = (key: string): string => `${section}.${key}`;
    const levels = this.values;
    const writes = this.writes;
    return {
      get: <T>(key: string, fallback?: T): T | undefined => {
        for (const l of ['workspaceFolder', 'workspace', 'global'] as const) if (levels[l].has(full(key))) return levels[l].get(full(key)) as T;
        return fallback;
      },
      inspect: <T>(key: string) => ({
        key: full(key),
        globalValue: levels.global.get(full(key)) as T | undefined,
        workspaceValue: levels.workspace.get(full(key)) as T | undefined,
        workspaceFolderValue: levels.workspaceFolder.get(full(key)) as T | undefined,
      }),
      update: (key: string, value: unknown, target?: unknown): Promise<void> => {
        const level: Level = target === true || target === 1 ? 'global' : 'workspace';
        if (value === undefined) levels[level].delete(full(key));
        else levels[level].set(full(key), value);
        writes.push({ key: full(key), value, level });
        return Promise.resolve();
      },
    };
  }
}
