import { runMocha } from '../integration/suite/index';

/** Entry point for the smoke run against the installed .vsix (test/integration/vsix.test.ts). */
export function run(): Promise<void> {
  return runMocha(__dirname, '.smoke.js');
}
