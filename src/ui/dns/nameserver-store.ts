import { parseNameserver } from '../../core/dns/nameserver';
import type { Settings } from '../settings';

/** The saved nameservers and the default one (`netprobe.dns.*`, user settings only). */
export class NameserverStore {
  constructor(private readonly settings: Settings) {}

  /** Saved nameservers (`netprobe.dns.nameservers`), valid ones only. */
  saved(): string[] {
    return this.settings.get('dns.nameservers').filter(s => {
      try {
        parseNameserver(s);
        return true;
      } catch {
        return false;
      }
    });
  }

  /** The default nameserver for lookups: a spec, or `system`. */
  defaultSpec(): string {
    const v = this.settings.get('dns.defaultNameserver');
    return v === '' ? 'system' : v;
  }

  async setDefault(spec: string): Promise<void> {
    await this.settings.update('dns.defaultNameserver', spec === 'system' ? '' : spec);
  }

  async add(spec: string): Promise<void> {
    const list = this.saved();
    if (!list.includes(spec)) await this.settings.update('dns.nameservers', [...list, spec]);
  }

  async remove(spec: string): Promise<void> {
    await this.settings.update(
      'dns.nameservers',
      this.saved().filter(s => s !== spec),
    );
    if (this.defaultSpec() === spec) await this.setDefault('system');
  }
}
