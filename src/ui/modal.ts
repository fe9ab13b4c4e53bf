import * as vscode from 'vscode';

/** A modal question as it was asked (the integration tests read these). */
export interface ModalQuestion {
  message: string;
  detail: string;
  choices: string[];
}

/** Most questions kept for the test hook. */
const KEPT = 20;

/**
 * The modal questions NetProbe asks before acting (stopping a process, sending environment variables). In
 * normal use each is a modal warning; `netprobe.internal.modals` (tests) can script the answers instead, and
 * reads the questions asked, so a test checks the exact text without a person at the dialog.
 */
export class Modals {
  private scripted: Array<string | undefined> | undefined;
  private readonly asked: ModalQuestion[] = [];

  /** Asks `message` (with `detail`) and resolves with the choice taken, or undefined when dismissed. */
  async warn(message: string, detail: string, ...choices: string[]): Promise<string | undefined> {
    this.asked.push({ message, detail, choices });
    if (this.asked.length > KEPT) this.asked.shift();
    if (this.scripted) {
      const answer = this.scripted.shift();
      if (this.scripted.length === 0) this.scripted = undefined;
      return answer !== undefined && choices.includes(answer) ? answer : undefined;
    }
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...choices);
  }

  /**
   * Test hook: the next questions get these answers in order (a choice's text, or null for "dismissed")
   * instead of a dialog; returns the questions asked so far and forgets them.
   */
  script(answers: ReadonlyArray<string | null> | undefined): ModalQuestion[] {
    if (answers) this.scripted = answers.length ? answers.map(a => a ?? undefined) : undefined;
    return this.asked.splice(0);
  }
}
