import { randomBytes } from 'crypto';
import * as vscode from 'vscode';

/** A fresh nonce for a webview's Content-Security-Policy. */
export function nonce(): string {
  return randomBytes(18).toString('base64');
}

/** Webview options every NetProbe panel uses: scripts on, Ctrl+F find, resources only from media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, enableFindWidget: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

export interface PageSpec {
  title: string;
  /** The panel's script: the bundle `media/webview/<script>.js` that esbuild builds from `src/webview/<script>/main.ts`. */
  script: string;
  /** Paths under media/ of the panel's styles (codicons and the shared base are always added). */
  styles: string[];
  /** Static body markup written by us (never data from the network). */
  body: string;
}

/**
 * The page of the panel `name`: its bundle `media/webview/<name>.js`, its styles `media/<name>/<name>.css`, the
 * frame bar (back/forward, History; filled by src/webview/common/channel.ts) and `placeholder` (our text) until
 * the first state arrives.
 */
export function panelPage(name: string, title: string, placeholder: string): PageSpec {
  return {
    title,
    script: name,
    styles: [`${name}/${name}.css`],
    body: `<nav id="frame" class="frame" hidden></nav><main id="app"><p class="empty">${placeholder}</p></main>`,
  };
}

/**
 * The HTML shell of a panel: CSP `default-src 'none'` with a nonce for scripts, styles and fonts only
 * from the webview's own resource origin, codicons and the shared base stylesheet.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, spec: PageSpec): string {
  const n = nonce();
  const uri = (p: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', ...p.split('/'))).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data: blob:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  const styles = ['codicons/codicon.css', 'common/base.css', ...spec.styles].map(s => `<link rel="stylesheet" href="${uri(s)}">`).join('\n');
  const script = `<script nonce="${n}" src="${uri(`webview/${spec.script}.js`)}"></script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${spec.title}</title>
${styles}
</head>
<body>
${spec.body}
${script}
</body>
</html>`;
}
