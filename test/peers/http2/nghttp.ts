import { spawn } from 'child_process';

/** One frame as `nghttp -nv` printed it. */
export interface NghttpFrame {
  dir: 'out' | 'in';
  type: string;
  length: number;
  flags: number;
  streamId: number;
  /** SETTINGS parameters by nghttp's name without the `SETTINGS_` prefix. */
  settings: Array<[string, number]>;
  windowIncrement?: number;
  /** Header fields printed under a sent HEADERS frame, or before a received one. */
  headers: Array<[string, string]>;
}

/** Runs `nghttp -nv URL` (the reference HTTP/2 client) and parses every frame it printed. */
export function nghttp(url: string, extra: string[] = []): Promise<NghttpFrame[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('nghttp', ['-nv', ...extra, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', code => {
      if (code !== 0) {
        reject(new Error(`nghttp exited ${code}: ${out}`));
        return;
      }
      resolve(parseNghttp(out));
    });
  });
}

/** Parses `nghttp -v` output. */
export function parseNghttp(text: string): NghttpFrame[] {
  const frames: NghttpFrame[] = [];
  let pendingIn: Array<[string, string]> = [];
  let current: NghttpFrame | undefined;
  for (const line of text.split('\n')) {
    const f = /^\[\s*[\d.]+\] (send|recv) (\w+) frame <length=(\d+), flags=0x([0-9a-f]+), stream_id=(\d+)>/.exec(line);
    if (f) {
      current = {
        dir: f[1] === 'send' ? 'out' : 'in',
        type: f[2] ?? '',
        length: Number(f[3]),
        flags: parseInt(f[4] ?? '0', 16),
        streamId: Number(f[5]),
        settings: [],
        headers: [],
      };
      if (current.dir === 'in' && current.type === 'HEADERS') {
        current.headers = pendingIn;
        pendingIn = [];
      }
      frames.push(current);
      continue;
    }
    const h = /^\[\s*[\d.]+\] recv \(stream_id=\d+\) ([^:]*:?[^:]+): (.*)$/.exec(line);
    if (h) {
      pendingIn.push([h[1] ?? '', h[2] ?? '']);
      continue;
    }
    if (!current) continue;
    const s = /^\s+\[SETTINGS_(\w+)\(0x[0-9a-f]+\):(\d+)\]/.exec(line);
    if (s) {
      current.settings.push([s[1] ?? '', Number(s[2])]);
      continue;
    }
    const w = /^\s+\(window_size_increment=(\d+)\)/.exec(line);
    if (w) {
      current.windowIncrement = Number(w[1]);
      continue;
    }
    const field = /^ {10}(:?[a-z0-9-]+): (.*)$/.exec(line);
    if (field && current.dir === 'out' && current.type === 'HEADERS') current.headers.push([field[1] ?? '', field[2] ?? '']);
  }
  return frames;
}
