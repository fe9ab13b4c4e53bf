import * as vscode from 'vscode';

type Validation = string | vscode.InputBoxValidationMessage | undefined;

/** The prompt on screen as the test hook reports it. */
export interface PromptState {
  kind: 'input' | 'pick';
  title?: string;
  prompt?: string;
  placeholder?: string;
  value: string;
  /** The problem shown under an input box. */
  validation?: string;
  /** Labels of a quick pick's items (including any made from the typed text). */
  items?: string[];
}

export interface InputOptions {
  title?: string;
  prompt: string;
  placeHolder?: string;
  /** Pre-filled text (selected, so typing replaces it). */
  value?: string;
  validate?: (value: string) => Validation;
  password?: boolean;
}

export interface PickOptions<T extends vscode.QuickPickItem> {
  title?: string;
  placeHolder?: string;
  items: readonly T[];
  /** Pre-typed filter text. */
  value?: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
  /** An item made from what is typed (shown first, always), e.g. a port list typed into a list of presets. */
  typed?: (text: string) => T | undefined;
}

interface Open {
  state(): PromptState;
  type(text: string): void;
}

function messageOf(v: Validation): string | undefined {
  return typeof v === 'string' ? v : v?.message;
}

/**
 * NetProbe's input boxes and quick picks: `createInputBox`/`createQuickPick` with validation as you type and
 * items made from typed text. The one open prompt can be read and typed into by `netprobe.internal.prompt`, so
 * integration tests type into the real prompt and press Enter with VS Code's own accept command.
 */
export class Prompts {
  private open: Open | undefined;

  /** Asks for text; resolves with it trimmed, or undefined when the user cancels. */
  input(o: InputOptions): Promise<string | undefined> {
    const box = vscode.window.createInputBox();
    box.title = o.title;
    box.prompt = o.prompt;
    box.placeholder = o.placeHolder;
    box.value = o.value ?? '';
    box.password = o.password ?? false;
    box.ignoreFocusOut = true;
    const validate = (v: string): boolean => {
      const problem = o.validate?.(v);
      box.validationMessage = problem;
      return problem === undefined || (typeof problem === 'object' && problem.severity !== vscode.InputBoxValidationSeverity.Error);
    };
    if (box.value) validate(box.value);
    box.onDidChangeValue(v => validate(v));
    return this.show(
      box,
      {
        state: () => ({
          kind: 'input',
          ...(box.title ? { title: box.title } : {}),
          ...(box.prompt ? { prompt: box.prompt } : {}),
          ...(box.placeholder ? { placeholder: box.placeholder } : {}),
          value: box.value,
          ...(messageOf(box.validationMessage) ? { validation: messageOf(box.validationMessage) } : {}),
        }),
        type: text => {
          box.value = text;
          validate(text);
        },
      },
      () => (validate(box.value) ? box.value.trim() : undefined),
    );
  }

  /** Asks for one item; resolves with it, or undefined when the user cancels. */
  pick<T extends vscode.QuickPickItem>(o: PickOptions<T>): Promise<T | undefined> {
    const qp = vscode.window.createQuickPick<T>();
    const refresh = (text: string): void => {
      const typed = o.typed?.(text.trim());
      const extra = typed ? { ...typed, alwaysShow: true } : undefined;
      qp.items = extra ? [extra, ...o.items] : [...o.items];
      if (extra) qp.activeItems = [extra];
    };
    return this.showPick(
      qp,
      o,
      refresh,
      i => i.label,
      () => qp.selectedItems[0] ?? qp.activeItems[0],
    );
  }

  /**
   * Asks for several items (checkboxes), `picked` ones checked at first; a valid typed item is included on Enter
   * even when not checked. Resolves with the checked items, or undefined when the user cancels.
   */
  pickMany<T extends vscode.QuickPickItem>(o: PickOptions<T>): Promise<T[] | undefined> {
    const qp = vscode.window.createQuickPick<T>();
    qp.canSelectMany = true;
    let extra: T | undefined;
    const refresh = (text: string): void => {
      const checked = qp.selectedItems;
      const typed = o.typed?.(text.trim());
      extra = typed ? { ...typed, alwaysShow: true } : undefined;
      qp.items = extra ? [extra, ...o.items] : [...o.items];
      qp.selectedItems = qp.items.filter(i => checked.includes(i) || (checked.length === 0 && i.picked === true));
    };
    return this.showPick(
      qp,
      o,
      refresh,
      i => `${qp.selectedItems.includes(i) ? '[x]' : '[ ]'} ${i.label}`,
      () => {
        const chosen = [...qp.selectedItems];
        if (extra && !chosen.includes(extra)) chosen.push(extra);
        return chosen.length ? chosen : undefined;
      },
    );
  }

  /**
   * A quick pick set up from `o` (typed text refreshes its items through `refresh`) and shown as the one open prompt;
   * the test hook sees each item as `label` gives it.
   */
  private showPick<T extends vscode.QuickPickItem, R>(
    qp: vscode.QuickPick<T>,
    o: PickOptions<T>,
    refresh: (text: string) => void,
    label: (item: T) => string,
    accept: () => R | undefined,
  ): Promise<R | undefined> {
    qp.title = o.title;
    qp.placeholder = o.placeHolder;
    qp.matchOnDescription = o.matchOnDescription ?? false;
    qp.matchOnDetail = o.matchOnDetail ?? false;
    qp.ignoreFocusOut = true;
    refresh(o.value ?? '');
    qp.value = o.value ?? '';
    qp.onDidChangeValue(v => refresh(v));
    return this.show(
      qp,
      {
        state: () => ({
          kind: 'pick',
          ...(qp.title ? { title: qp.title } : {}),
          ...(qp.placeholder ? { placeholder: qp.placeholder } : {}),
          value: qp.value,
          items: qp.items.map(label),
        }),
        type: text => {
          qp.value = text;
          refresh(text);
        },
      },
      accept,
    );
  }

  /**
   * Shows `ui` as the one open prompt (`open` is what the test hook reads and types into). Resolves once: with what
   * `accept` gives on Enter (Enter does nothing while it gives undefined), or with undefined when the prompt hides
   * (Escape, or another prompt took its place); the prompt is then disposed.
   */
  private show<R>(ui: vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem>, open: Open, accept: () => R | undefined): Promise<R | undefined> {
    return new Promise(resolve => {
      let done = false;
      const finish = (v: R | undefined): void => {
        if (done) return;
        done = true;
        resolve(v);
        ui.hide();
      };
      ui.onDidAccept(() => {
        const v = accept();
        if (v !== undefined) finish(v);
      });
      ui.onDidHide(() => {
        finish(undefined);
        if (this.open === open) this.open = undefined;
        ui.dispose();
      });
      this.open = open;
      ui.show();
    });
  }

  /** Test hook: the prompt on screen (after typing `text` into it, when given), or undefined. */
  current(text?: string): PromptState | undefined {
    if (text !== undefined) this.open?.type(text);
    return this.open?.state();
  }
}

/**
 * `netprobe.internal.prompt` (not contributed): what the open prompt shows; with a string, types it first and
 * resolves once the workbench has it (VS Code sends a prompt's changes on the next turn: wait for that turn,
 * then for one round trip to the workbench), so the test's Enter (`workbench.action.acceptSelectedQuickOpenItem`)
 * acts on what was typed.
 */
export function registerPromptHook(prompts: Prompts): vscode.Disposable {
  return vscode.commands.registerCommand('netprobe.internal.prompt', async (text?: unknown) => {
    const state = prompts.current(typeof text === 'string' ? text : undefined);
    if (typeof text === 'string') {
      await new Promise(resolve => setTimeout(resolve, 0));
      await vscode.commands.getCommands(true);
    }
    return state;
  });
}
